import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw output of bench/perf.sh into the Markdown tables of docs/benchmarks.md, with the
 * ratios the targets are stated in (all from the one run, since absolute figures vary by machine).
 *
 * <p>Usage: {@code java bench/perf/Report.java target/perf/<time>/raw.txt}, or
 * {@code java bench/perf/Report.java --compare <before raw.txt> <after raw.txt>} for a change's effect
 * on the figures that do not depend on the machine's speed (ratios to Spring Cloud Gateway and to the proxy, CPU per request, RSS).
 */
public class Report {

    record Line(String scenario, String target, String phase, Map<String, String> values) {
        double d(String key) {
            return Double.parseDouble(values.getOrDefault(key, "NaN"));
        }
    }

    static final List<String> TARGETS = List.of("direct", "proxy", "service", "scg");
    static final Map<String, String> SCENARIOS = new LinkedHashMap<>();
    static {
        SCENARIOS.put("user", "GET user by id");
        SCENARIOS.put("list", "user list page (50)");
        SCENARIOS.put("conversation", "conversation with parts");
        SCENARIOS.put("create", "create user");
        SCENARIOS.put("passthrough", "GET contact via /intercom");
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--compare")) {
            compare(read(Path.of(args[1]), new ArrayList<>()), read(Path.of(args[2]), new ArrayList<>()));
            return;
        }
        List<String> header = new ArrayList<>();
        List<Line> lines = read(Path.of(args[0]), header);
        report(header, lines, Path.of(args[0]).toAbsolutePath().getParent());
    }

    /** Figures of one run that can be compared across runs: ratios within the run, per-request costs, memory. */
    static Map<String, Double> keyFigures(List<Line> lines) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (var scenario : SCENARIOS.entrySet()) {
            Line p = find(lines, scenario.getKey(), "proxy", "saturation");
            Line s = find(lines, scenario.getKey(), "service", "saturation");
            Line dp = find(lines, scenario.getKey(), "direct", "paced");
            Line sp = find(lines, scenario.getKey(), "service", "paced");
            if (p == null || s == null || dp == null || sp == null) {
                continue;
            }
            figures.put(scenario.getValue() + ": service / proxy throughput", s.d("rps") / p.d("rps"));
            figures.put(scenario.getValue() + ": service CPU ms per request", s.d("cpu_ticks") * 10 / s.d("requests"));
            figures.put(scenario.getValue() + ": added p99 (ms)", (sp.d("p99_us") - dp.d("p99_us")) / 1000);
        }
        Line scg = find(lines, "user", "scg", "saturation");
        Line service = find(lines, "user", "service", "saturation");
        if (scg != null && service != null) {
            figures.put("GET user by id: service / SCG throughput", service.d("rps") / scg.d("rps"));
            figures.put("GET user by id: service / SCG CPU per request", (service.d("cpu_ticks") / service.d("requests")) / (scg.d("cpu_ticks") / scg.d("requests")));
            figures.put("GET user by id: service / SCG RSS", service.d("rss_kib") / scg.d("rss_kib"));
        }
        Line passthrough = find(lines, "passthrough", "service", "saturation");
        if (scg != null && passthrough != null) {
            figures.put("GET contact via /intercom: service / SCG throughput", passthrough.d("rps") / scg.d("rps"));
            figures.put("GET contact via /intercom: service / SCG CPU per request",
                    (passthrough.d("cpu_ticks") / passthrough.d("requests")) / (scg.d("cpu_ticks") / scg.d("requests")));
        }
        figures.put("highest service RSS (MiB)", highestServiceRssMiB(lines));
        figures.put("ready (s, median)", medianReadyMillis(lines, "service") / 1000);
        if (!Double.isNaN(medianReadyMillis(lines, "scg"))) {
            figures.put("ready, service - SCG (s, medians)", (medianReadyMillis(lines, "service") - medianReadyMillis(lines, "scg")) / 1000);
        }
        return figures;
    }

    /** The gateway's highest RSS in any phase (its lines, growth and walk included, have target "service"). */
    static double highestServiceRssMiB(List<Line> lines) {
        return lines.stream().filter(l -> l.target().equals("service"))
                .mapToDouble(l -> Math.max(nz(l.d("rss_kib")), nz(l.d("rss_max_kib")))).max().orElse(Double.NaN) / 1024;
    }

    /** The median of a target's starts ("service", "scg", "service-noaot"). */
    static double medianReadyMillis(List<Line> lines, String target) {
        double[] ready = lines.stream().filter(l -> l.scenario().equals("startup") && l.target().equals(target)).mapToDouble(l -> l.d("ready_ms"))
                .sorted().toArray();
        return ready.length == 0 ? Double.NaN : ready[(ready.length - 1) / 2];
    }

    static void compare(List<Line> before, List<Line> after) {
        Map<String, Double> a = keyFigures(before);
        Map<String, Double> b = keyFigures(after);
        StringBuilder md = new StringBuilder("| figure | before | after | after / before |\n|---|---:|---:|---:|\n");
        for (var figure : a.entrySet()) {
            Double next = b.get(figure.getKey());
            if (next != null) {
                md.append("| %s | %.3f | %.3f | %.2f |\n".formatted(figure.getKey(), figure.getValue(), next, next / figure.getValue()));
            }
        }
        System.out.print(md);
    }

    static List<Line> read(Path raw, List<String> header) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String text : Files.readAllLines(raw)) {
            String[] words = text.split(" ");
            if (text.startsWith("machine:") || text.startsWith("tools:") || text.startsWith("settings:")) {
                header.add(text);
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String word : words) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    values.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            if (words[0].equals("startup") && words[1].startsWith("run=")) {   // runs before SCG's startup was measured
                lines.add(new Line("startup", "service", words[1], values));
            } else {
                lines.add(new Line(words[0], words[1], words[2], values));
            }
        }
        return lines;
    }

    static void report(List<String> header, List<Line> lines, Path dir) throws IOException {
        double ticksPerSecond = header.stream().filter(h -> h.startsWith("settings:")).findFirst()
                .map(h -> h.replaceAll(".*clk_tck=(\\d+).*", "$1")).map(Double::parseDouble).orElse(100.0);
        StringBuilder md = new StringBuilder();
        header.forEach(h -> md.append("- ").append(h).append('\n'));

        md.append("\n### Per request shape\n\n");
        md.append("Throughput: closed loop at saturation. Latency: paced run at the fixed rate, in ms. Added: the service's or proxy's latency minus direct's. ")
                .append("CPU: seconds of the proxy's or gateway's own processes per 1,000 requests at saturation. RSS: after the run.\n\n");
        md.append("| request | target | throughput (req/s) | p50 | p99 | p99.9 | added p50 | added p99 | CPU s / 1k req | RSS (MiB) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var scenario : SCENARIOS.entrySet()) {
            Line directPaced = find(lines, scenario.getKey(), "direct", "paced");
            for (String target : TARGETS) {
                Line sat = find(lines, scenario.getKey(), target, "saturation");
                Line paced = find(lines, scenario.getKey(), target, "paced");
                if (sat == null || paced == null) {
                    continue;
                }
                boolean direct = target.equals("direct");
                md.append("| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n".formatted(scenario.getValue(), label(target), sat.d("rps"),
                        ms(paced.d("p50_us")), ms(paced.d("p99_us")), ms(paced.d("p999_us")),
                        direct ? "" : ms(paced.d("p50_us") - directPaced.d("p50_us")),
                        direct ? "" : ms(paced.d("p99_us") - directPaced.d("p99_us")),
                        direct ? "" : "%.3f".formatted(sat.d("cpu_ticks") / ticksPerSecond / sat.d("requests") * 1000),
                        direct ? "" : "%.0f".formatted(sat.d("rss_kib") / 1024)));
            }
        }
        md.append("\nErrors and non-2xx answers over all runs: ")
                .append(lines.stream().mapToLong(l -> (long) (nz(l.d("errors")) + nz(l.d("non2xx")))).sum()).append('\n');

        md.append("\n### Ratios (same run)\n\n| request | service / SCG throughput | service CPU / SCG CPU per request | service / proxy throughput | service / direct throughput | service CPU / proxy CPU per request |\n|---|---:|---:|---:|---:|---:|\n");
        for (var scenario : SCENARIOS.entrySet()) {
            Line d = find(lines, scenario.getKey(), "direct", "saturation");
            Line p = find(lines, scenario.getKey(), "proxy", "saturation");
            Line s = find(lines, scenario.getKey(), "service", "saturation");
            if (d == null || p == null || s == null) {
                continue;
            }
            // SCG's one route is the same upstream call as both GET user by id and the passthrough's GET contact
            Line g = scenario.getKey().equals("user") || scenario.getKey().equals("passthrough") ? find(lines, "user", "scg", "saturation") : null;
            md.append("| %s | %s | %s | %.2f | %.2f | %.1f |\n".formatted(scenario.getValue(),
                    g == null ? "" : "%.2f".formatted(s.d("rps") / g.d("rps")),
                    g == null ? "" : "%.2f".formatted((s.d("cpu_ticks") / s.d("requests")) / (g.d("cpu_ticks") / g.d("requests"))),
                    s.d("rps") / p.d("rps"), s.d("rps") / d.d("rps"),
                    (s.d("cpu_ticks") / s.d("requests")) / (p.d("cpu_ticks") / p.d("requests"))));
        }

        List<Line> starts = lines.stream().filter(l -> l.scenario().equals("startup")).toList();
        List<Line> growth = lines.stream().filter(l -> l.scenario().equals("growth")).toList();
        Line walk = lines.stream().filter(l -> l.scenario().equals("walk") && l.phase().equals("done")).findFirst().orElse(null);
        Line walkFailure = lines.stream().filter(l -> l.scenario().equals("walk") && l.phase().equals("failed")).findFirst().orElse(null);
        double maxRss = highestServiceRssMiB(lines);
        double readyMedian = medianReadyMillis(lines, "service");
        double scgReadyMedian = medianReadyMillis(lines, "scg");

        if (!growth.isEmpty()) {
            md.append("\n### Cost growth (service, GET user by id, closed loop)\n\n| concurrency | connections | throughput (req/s) | p50 | p99 | p99.9 | RSS (MiB) |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (Line g : growth) {
                md.append("| %s | %s | %.0f | %s | %s | %s | %.0f |\n".formatted(g.phase(), g.values().get("connections"), g.d("rps"),
                        ms(g.d("p50_us")), ms(g.d("p99_us")), ms(g.d("p999_us")), g.d("rss_kib") / 1024));
            }
        }
        if (walk != null) {
            md.append("\n### List walk (service, 150 a page)\n\n%s users in %s pages, %s s; RSS %.0f MiB before, %.0f MiB at most during, %.0f MiB after.\n"
                    .formatted(walk.values().get("users"), walk.values().get("pages"), walk.values().get("seconds"),
                            walk.d("rss_start_kib") / 1024, walk.d("rss_max_kib") / 1024, walk.d("rss_end_kib") / 1024));
            if (walkFailure != null) {
                md.append("\n**The walk failed** at page %s with HTTP %s.\n".formatted(walkFailure.values().get("page"), walkFailure.values().get("status")));
            }
        }
        md.append("\n### Startup to ready\n\nThe service: JVM launch to readiness UP (with the AOT cache, as the image; service-noaot without it). "
                + "SCG: JVM launch to its first 2xx answer on its route (it has no readiness endpoint; no AOT cache).\n\n");
        starts.forEach(l -> md.append("- %s run %s: %s ms, RSS %.0f MiB\n".formatted(l.target(), l.values().get("run"), l.values().get("ready_ms"),
                l.d("rss_kib") / 1024)));

        Line noAot = find(lines, "user", "service-noaot", "saturation");
        Line withAot = find(lines, "user", "service", "saturation");
        Line scgSat = find(lines, "user", "scg", "saturation");
        if (noAot != null && withAot != null) {
            md.append("\n### RSS with and without the AOT cache (after GET user by id at saturation)\n\n"
                    + "RssAnon: the process's anonymous memory (heap, metaspace, code, threads), without mapped files such as the AOT cache.\n\n"
                    + "| target | RSS (MiB) | RssAnon (MiB) | throughput (req/s) | CPU ms / request |\n|---|---:|---:|---:|---:|\n");
            for (Line l : new Line[] {withAot, noAot, scgSat}) {
                if (l != null) {
                    md.append("| %s | %.0f | %s | %.0f | %.3f |\n".formatted(l.target().equals("service-noaot") ? "(c) service without AOT cache"
                            : label(l.target()), l.d("rss_kib") / 1024, Double.isNaN(l.d("rss_anon_kib")) ? "" : "%.0f".formatted(l.d("rss_anon_kib") / 1024),
                            l.d("rps"), l.d("cpu_ticks") / ticksPerSecond / l.d("requests") * 1000));
                }
            }
        }
        md.append(NativeMemory.table(dir));

        md.append("\n### Targets\n\n| target | measured | met |\n|---|---|---|\n");
        Line userScg = find(lines, "user", "scg", "saturation");
        Line userService = find(lines, "user", "service", "saturation");
        Line directPaced = find(lines, "user", "direct", "paced");
        Line scgPaced = find(lines, "user", "scg", "paced");
        Line servicePaced = find(lines, "user", "service", "paced");
        // The proxied path's targets of the read cache issue: cost ratios to SCG, all from this run.
        if (userScg != null && userService != null && directPaced != null && scgPaced != null && servicePaced != null) {
            double cpu = (userService.d("cpu_ticks") / userService.d("requests")) / (userScg.d("cpu_ticks") / userScg.d("requests"));
            md.append(row("GET user by id: CPU per request <= 2.0 x SCG's", "%.3f vs %.3f ms (%.2f)".formatted(
                    userService.d("cpu_ticks") / ticksPerSecond / userService.d("requests") * 1000,
                    userScg.d("cpu_ticks") / ticksPerSecond / userScg.d("requests") * 1000, cpu), cpu <= 2.0));
            Line passthrough = find(lines, "passthrough", "service", "saturation");
            if (passthrough != null) {
                double p = (passthrough.d("cpu_ticks") / passthrough.d("requests")) / (userScg.d("cpu_ticks") / userScg.d("requests"));
                md.append(row("GET contact via /intercom: CPU per request <= 2.0 x SCG's (GET user by id)", "%.3f vs %.3f ms (%.2f)".formatted(
                        passthrough.d("cpu_ticks") / ticksPerSecond / passthrough.d("requests") * 1000,
                        userScg.d("cpu_ticks") / ticksPerSecond / userScg.d("requests") * 1000, p), p <= 2.0));
            }
            double serviceAdded = servicePaced.d("p99_us") - directPaced.d("p99_us");
            double scgAdded = scgPaced.d("p99_us") - directPaced.d("p99_us");
            md.append(row("GET user by id: added p99 at %s req/s <= 1.5 x SCG's".formatted(servicePaced.values().get("target_rps")),
                    "%s vs %s ms (%.2f)".formatted(ms(serviceAdded), ms(scgAdded), serviceAdded / scgAdded), serviceAdded <= 1.5 * scgAdded));
            double rssRatio = userService.d("rss_kib") / userScg.d("rss_kib");
            md.append(row("RSS under load <= 1.25 x SCG's (after the GET user by id run)", "%.0f vs %.0f MiB (%.2f)".formatted(
                    userService.d("rss_kib") / 1024, userScg.d("rss_kib") / 1024, rssRatio), rssRatio <= 1.25));
            if (noAot != null) {
                double noAotRatio = noAot.d("rss_kib") / userScg.d("rss_kib");
                md.append("| (the same without the AOT cache, not a target) | %.0f vs %.0f MiB (%.2f) | |\n".formatted(
                        noAot.d("rss_kib") / 1024, userScg.d("rss_kib") / 1024, noAotRatio));
            }
            md.append("| (GET user by id: throughput, not a target) | %.0f vs %.0f req/s (%.2f) | |\n".formatted(userService.d("rps"), userScg.d("rps"),
                    userService.d("rps") / userScg.d("rps")));
        } else {
            md.append("| the SCG comparison | not measured (run with SCENARIOS including user) | **no** |\n");
        }
        if (Double.isNaN(scgReadyMedian)) {
            md.append("| time to ready <= SCG's + 1 s | SCG's startup not measured | **no** |\n");
        } else {
            md.append(row("time to ready <= SCG's + 1 s (medians of %d starts each)".formatted(starts.stream().filter(l -> l.target().equals("scg")).count()),
                    "%.2f vs %.2f s".formatted(readyMedian / 1000, scgReadyMedian / 1000), readyMedian <= scgReadyMedian + 1000));
        }
        System.out.print(md);
    }

    /** The committed memory by NMT category of each nmt-*.txt summary next to the raw output, side by side. */
    static final class NativeMemory {
        static final java.util.regex.Pattern CATEGORY = java.util.regex.Pattern.compile(
                "^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB[,)]");
        static final java.util.regex.Pattern TOTAL = java.util.regex.Pattern.compile("^Total: reserved=\\d+KB, committed=(\\d+)KB");

        static String table(Path dir) throws IOException {
            List<String> targets = List.of("service", "service-noaot", "scg");
            Map<String, Map<String, Long>> byTarget = new LinkedHashMap<>();
            for (String target : targets) {
                Path file = dir.resolve("nmt-" + target + ".txt");
                if (Files.exists(file)) {
                    Map<String, Long> committed = new LinkedHashMap<>();
                    for (String text : Files.readAllLines(file)) {
                        var m = CATEGORY.matcher(text.strip());
                        if (m.find()) {
                            committed.put(m.group(1).strip(), Long.parseLong(m.group(3)));
                        }
                        var total = TOTAL.matcher(text.strip());
                        if (total.find()) {
                            committed.put("Total (NMT's)", Long.parseLong(total.group(1)));
                        }
                    }
                    byTarget.put(target, committed);
                }
            }
            if (byTarget.isEmpty()) {
                return "";
            }
            List<String> categories = java.util.stream.Stream.concat(byTarget.values().stream().flatMap(m -> m.keySet().stream())
                    .filter(c -> !c.startsWith("Total")), java.util.stream.Stream.of("Total (NMT's)")).distinct().toList();
            StringBuilder md = new StringBuilder("\n### Native Memory Tracking: committed MiB by category (NMT=1, after the runs)\n\n| category |");
            byTarget.keySet().forEach(t -> md.append(' ').append(t).append(" |"));
            md.append("\n|---|").append("---:|".repeat(byTarget.size())).append('\n');
            for (String category : categories) {
                md.append("| ").append(category).append(" |");
                byTarget.values().forEach(m -> md.append(m.containsKey(category) ? " %.1f |".formatted(m.get(category) / 1024.0) : " |"));
                md.append('\n');
            }
            return md.append("\nShared class space: the AOT cache's class data, mapped from its file (in RSS as file pages, not in RssAnon).\n").toString();
        }
    }

    static String row(String target, String measured, boolean met) {
        return "| %s | %s | %s |\n".formatted(target, measured, met ? "yes" : "**no**");
    }

    static Line find(List<Line> lines, String scenario, String target, String phase) {
        return lines.stream().filter(l -> l.scenario().equals(scenario) && l.target().equals(target) && l.phase().equals(phase)).findFirst().orElse(null);
    }

    static String label(String target) {
        return switch (target) {
            case "direct" -> "(a) direct";
            case "proxy" -> "(b) nginx proxy";
            case "scg" -> "(d) Spring Cloud Gateway";
            default -> "(c) service";
        };
    }

    static String ms(double micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000);
    }

    static double nz(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
