package dev.loopwork.bench.report;

import dev.loopwork.bench.client.UploadClient;
import dev.loopwork.bench.harness.Bout;
import dev.loopwork.bench.harness.MachineFigures;
import dev.loopwork.bench.harness.Profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code latest.md}, {@code latest.json} and {@code latest.svg} into the profile's results
 * folder, and the same as {@code <profile>.md/json/svg} ({@code quick.md}, {@code full.md}).
 */
public final class Reports {

    private Reports() {
    }

    public static Path write(Profile profile, Map<String, String> env, List<String> notes, List<UploadClient> clients,
                             List<Bout> bouts, MachineFigures machine) throws IOException {
        Path out = Files.createDirectories(profile.out());
        Analysis a = new Analysis(bouts, machine);
        List<String> clientText = new ArrayList<>();
        for (UploadClient c : clients) {
            clientText.add(c.description());
        }
        Files.writeString(out.resolve("latest.md"), MarkdownReport.render(profile, env, notes, clientText, a),
                StandardCharsets.UTF_8);
        Files.writeString(out.resolve("latest.json"), JsonReport.render(profile, env, notes, clientText, a),
                StandardCharsets.UTF_8);
        String subtitle = "profile " + profile.name() + ", " + profile.sizeMiB() + " MiB uploads (TLS " + profile.tlsSizeMiB()
                + " MiB), " + profile.reps() + " rounds; " + env.get("jdk") + ", " + env.get("cpu") + " x " + env.get("cores")
                + ", " + env.get("date");
        Files.writeString(out.resolve("latest.svg"), SvgChart.render(a, subtitle), StandardCharsets.UTF_8);
        // the last run of each profile stays too, so a quick run does not erase the full one
        for (String ext : List.of("md", "json", "svg")) {
            Files.copy(out.resolve("latest." + ext), out.resolve(profile.name() + "." + ext),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return out;
    }
}
