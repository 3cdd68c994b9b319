package dev.loopwork.bench.report;

import dev.loopwork.bench.harness.Bout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code latest.svg}: a forest plot of every Loopwork row's paired ratios to its better reference,
 * throughput on the left, server CPU per GiB on the right, each a point with its 95% interval and
 * a line at 1.0. Hand-written SVG: no charting library, and it renders anywhere.
 */
final class SvgChart {

    private static final int WIDTH = 1100;
    private static final int LABEL = 330;
    private static final int PANEL = 340;
    private static final int GAP = 40;
    private static final int ROW = 16;
    private static final double LOW = 0.4;
    private static final double HIGH = 2.0;

    private SvgChart() {
    }

    static String render(Analysis a, String subtitle) {
        List<String> body = new ArrayList<>();
        int y = 76;
        for (String backend : a.backends()) {
            body.add(text(10, y + 12, backend, "bold", 12));
            y += ROW;
            for (String kind : MarkdownReport.KIND_ORDER) {
                for (Bout b : a.bouts()) {
                    if (!b.subject().backend().equals(backend) || !b.match().kind().equals(kind)) {
                        continue;
                    }
                    body.add(text(LABEL - 6, y + 12, Labels.row(b), "end", 11));
                    if (b.ran()) {
                        Analysis.Comparison c = Analysis.againstBest(b);
                        body.add(point(LABEL, y, c.mbs().estimate(), c.mbs().low(), c.mbs().high(), "#1f77b4"));
                        body.add(point(LABEL + PANEL + GAP, y, c.cpu().estimate(), c.cpu().low(), c.cpu().high(), "#d62728"));
                    } else {
                        body.add(text(LABEL + 4, y + 12, "did not run", "muted", 10));
                    }
                    y += ROW;
                }
            }
            y += 6;
        }
        StringBuilder svg = new StringBuilder();
        int height = y + 30;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, height, WIDTH, height));
        svg.append("<style>.bold{font-weight:bold}.end{text-anchor:end}.mid{text-anchor:middle}"
                + ".muted{fill:#888;font-style:italic}</style>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(10, 20, "Loopwork / better reference, paired, 95% intervals (log scale, "
                + LOW + "x-" + HIGH + "x)", "bold", 14)).append('\n');
        svg.append(text(10, 38, subtitle, "muted", 11)).append('\n');
        svg.append(text(LABEL + PANEL / 2, 62, "MB/s (right of 1 = Loopwork faster)", "mid", 11)).append('\n');
        svg.append(text(LABEL + PANEL + GAP + PANEL / 2, 62, "server CPU-s/GiB (left of 1 = Loopwork cheaper)", "mid", 11))
                .append('\n');
        for (int panel = 0; panel < 2; panel++) {
            int x0 = LABEL + panel * (PANEL + GAP);
            for (double v : new double[] {0.5, 0.75, 1.0, 1.5, 2.0}) {
                double x = x0 + pos(v);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"70\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                        x, x, y, v == 1.0 ? "#333" : "#ddd"));
                svg.append(text((int) x, y + 14, String.format(Locale.ROOT, "%.2fx", v), "mid", 10)).append('\n');
            }
        }
        body.forEach(l -> svg.append(l).append('\n'));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double pos(double v) {
        double c = Math.max(LOW, Math.min(HIGH, v));
        return (Math.log(c) - Math.log(LOW)) / (Math.log(HIGH) - Math.log(LOW)) * PANEL;
    }

    private static String point(int x0, int y, double est, double low, double high, String color) {
        if (Double.isNaN(est)) {
            return "";
        }
        int mid = y + ROW / 2 + 1;
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                        + "<circle cx=\"%.1f\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>%s", x0 + pos(low), mid, x0 + pos(high), mid, color,
                x0 + pos(est), mid, color, text((int) (x0 + pos(Math.max(high, est))) + 6, y + 12,
                        String.format(Locale.ROOT, "%.2f", est), "", 10));
    }

    private static String text(int x, int y, String s, String cls, int size) {
        String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s>%s</text>", x, y, size,
                cls.isEmpty() ? "" : " class=\"" + cls + "\"", escaped);
    }
}
