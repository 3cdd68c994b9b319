package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Case;
import dev.loopwork.bench.harness.CaseResult;
import dev.loopwork.bench.harness.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code latest.svg}: one horizontal bar per row (median MB/s, with a min-max whisker), grouped by
 * backend, Loopwork in blue and Netty in orange, raw limits in the lighter shade. Hand-written SVG:
 * no charting library, and it renders anywhere (browsers, GitHub).
 */
final class SvgChart {

    private static final int WIDTH = 1100;
    private static final int LABEL = 430;
    private static final int BAR_AREA = 540;
    private static final int ROW = 18;
    private static final int HEADER = 22;

    private SvgChart() {
    }

    static String render(Analysis a, long size, String subtitle) {
        double max = 1;
        for (CaseResult r : a.results()) {
            Summary s = r.at(size);
            if (s != null) {
                max = Math.max(max, s.maxMBs());
            }
        }
        max = niceCeiling(max);
        List<String> body = new ArrayList<>();
        int y = 60;
        for (String backend : a.loopworkBackends()) {
            body.add(text(10, y + 14, backend + " (Netty peer: " + Case.nettyPeerTransport(backend) + ")", "bold", 13));
            y += HEADER;
            for (CaseResult r : a.section(backend)) {
                Case c = r.spec();
                String label = Labels.server(c) + " (" + c.backend() + "), " + Labels.security(c);
                body.add(text(LABEL - 6, y + 13, label, "end", 11));
                Summary s = r.at(size);
                if (s == null) {
                    String why = r.failure() == null ? "no result" : r.failure();
                    body.add(text(LABEL + 4, y + 13, why.length() > 90 ? why.substring(0, 90) + "..." : why, "muted", 10));
                } else {
                    double w = s.medianMBs() / max * BAR_AREA;
                    body.add(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                            LABEL, y + 3, w, ROW - 5, color(c)));
                    double x0 = LABEL + s.minMBs() / max * BAR_AREA;
                    double x1 = LABEL + s.maxMBs() / max * BAR_AREA;
                    int mid = y + 3 + (ROW - 5) / 2;
                    body.add(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>",
                            x0, mid, x1, mid));
                    body.add(text((int) (x1 + 6), y + 13, String.format(Locale.ROOT, "%.0f MB/s", s.medianMBs()), "", 11));
                }
                y += ROW;
            }
            y += 8;
        }
        int height = y + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, height, WIDTH, height));
        svg.append("<style>.bold{font-weight:bold}.end{text-anchor:end}.muted{fill:#888;font-style:italic}</style>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(10, 22, "Loopwork upload benchmark: " + (size >> 20) + " MiB uploads, median MB/s (whisker: min-max)",
                "bold", 15)).append('\n');
        svg.append(text(10, 42, subtitle, "muted", 11)).append('\n');
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            double x = LABEL + BAR_AREA * i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"52\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, x, y));
            svg.append(text((int) x, y + 14, String.format(Locale.ROOT, "%.0f", v), "", 10)).append('\n');
        }
        for (String line : body) {
            svg.append(line).append('\n');
        }
        int ly = y + 30;
        svg.append(legend(10, ly, "#1f77b4", "Loopwork")).append(legend(120, ly, "#ff7f0e", "Netty"))
                .append(legend(220, ly, "#9ecae1", "Loopwork raw TCP")).append(legend(380, ly, "#fdd0a2", "Netty raw TCP"));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String color(Case c) {
        if (c.isLoopwork()) {
            return c.isLimit() ? "#9ecae1" : "#1f77b4";
        }
        return c.isLimit() ? "#fdd0a2" : "#ff7f0e";
    }

    private static String legend(int x, int y, String color, String label) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%s%n",
                x, y - 10, color, text(x + 16, y, label, "", 11));
    }

    private static String text(int x, int y, String s, String cls, int size) {
        String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s>%s</text>", x, y, size,
                cls.isEmpty() ? "" : " class=\"" + cls + "\"", escaped);
    }

    private static double niceCeiling(double v) {
        double step = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * step >= v) {
                return m * step;
            }
        }
        return 10 * step;
    }
}
