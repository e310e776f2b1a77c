package com.fortinet.autoscale.functions;

import com.fortinet.autoscale.domain.election.Primary;
import com.fortinet.autoscale.domain.status.ClusterStatusService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * {@code cluster-status} for a browser: one self-contained HTML page (inline style, no script, nothing loaded from
 * elsewhere) that reloads itself every {@value #REFRESH_SECONDS} s. Every value shown is escaped: vmIds, group names
 * and event details come from devices and settings, and must never become markup.
 */
final class StatusPage {
    static final int REFRESH_SECONDS = 15;

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2430;\
            background:#f6f7f9}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
            .muted{color:#667085}.card{background:#fff;border:1px solid #dfe3e8;border-radius:8px;padding:12px 16px}
            table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dfe3e8}
            th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eef0f3;vertical-align:top}
            th{background:#f0f2f5;font-weight:600}tr.primary td{background:#eef6ff}
            .ok{color:#137333;font-weight:600}.bad{color:#b3261e;font-weight:600}
            .tag{display:inline-block;padding:0 6px;border-radius:4px;background:#dbeafe;color:#1e3a8a;font-size:12px}
            code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            .details{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#344054}
            """;

    private StatusPage() {
    }

    static String render(ClusterStatusService.View view) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>FortiGate Autoscale: cluster status</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>FortiGate Autoscale cluster</h1><p class=\"muted\">As of <time id=\"as-of\">")
                .append(esc(view.at())).append("</time>, refreshed every ").append(REFRESH_SECONDS).append(" s</p>\n");

        Primary p = view.primary();
        h.append("<div class=\"card\" id=\"primary\">");
        if (p == null) {
            h.append("<span class=\"bad\">No primary elected</span>");
        } else {
            h.append("Primary <code id=\"primary-vm\">").append(esc(p.vmId().value())).append("</code> ")
                    .append(esc(p.privateIp())).append(" (").append(esc(p.scalingGroup())).append("), term <b id=\"term\">")
                    .append(p.term()).append("</b>, elected ").append(esc(p.electedAt())).append(" (")
                    .append(age(p.electedAt(), view.at())).append(" ago)");
        }
        h.append("</div>\n");
        if (!view.problems().isEmpty()) {
            h.append("<div class=\"card bad\" id=\"problems\">Settings problems:<ul>");
            view.problems().forEach(x -> h.append("<li>").append(esc(x)).append("</li>"));
            h.append("</ul></div>\n");
        }

        h.append("<h2>FortiGates (").append(view.instances().size()).append(")</h2>\n")
                .append("<table id=\"fortigates\"><thead><tr><th>vmId</th><th>Group</th><th>IP</th><th>Health</th>")
                .append("<th>Sync state</th><th>Loss count</th><th>Missed</th><th>Last heartbeat</th>")
                .append("<th>License</th></tr></thead><tbody>\n");
        for (ClusterStatusService.Instance i : view.instances()) {
            h.append("<tr").append(i.primary() ? " class=\"primary\"" : "").append(" data-vm=\"").append(esc(i.vmId()))
                    .append("\"><td><code>").append(esc(i.vmId())).append("</code>")
                    .append(i.primary() ? " <span class=\"tag\">primary</span>" : "").append("</td><td>")
                    .append(esc(i.scalingGroup())).append("</td><td>").append(esc(i.privateIp())).append("</td><td>")
                    .append(!i.healthy() ? "<span class=\"bad\">unhealthy</span>"
                            // lost (two heartbeats missed) is not unhealthy yet, but it is no longer fine
                            : i.lost() ? "<span class=\"bad\">lost</span>" : "<span class=\"ok\">healthy</span>")
                    .append("</td><td>").append(esc(i.syncState())).append("</td><td>").append(i.lossCount())
                    .append("</td><td>").append(i.missed()).append("</td><td>")
                    .append(i.lastArrival() == null ? "—" : age(i.lastArrival(), view.at()) + " ago")
                    .append("</td><td>").append(i.license() == null ? "—" : esc(i.license())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");

        h.append("<h2>Recent events (").append(view.events().size()).append(")</h2>\n")
                .append("<table id=\"events\"><thead><tr><th>Time</th><th>Event</th><th>FortiGate</th><th>What</th>")
                .append("<th>Details</th></tr></thead><tbody>\n");
        for (ClusterStatusService.Event e : view.events()) {
            h.append("<tr data-event=\"").append(esc(e.event())).append("\"><td>").append(esc(e.time()))
                    .append("</td><td>").append(esc(e.event())).append("</td><td><code>").append(esc(e.subject()))
                    .append("</code></td><td>").append(esc(e.message())).append("</td><td class=\"details\">");
            boolean first = true;
            for (Map.Entry<String, Object> d : e.details().entrySet()) {
                h.append(first ? "" : ", ").append(esc(d.getKey())).append('=').append(esc(d.getValue()));
                first = false;
            }
            h.append("</td></tr>\n");
        }
        if (view.events().isEmpty()) {
            h.append("<tr><td colspan=\"5\" class=\"muted\">No events yet</td></tr>\n");
        }
        h.append("</tbody></table>\n</body></html>\n");
        return h.toString();
    }

    /** A short age: 42 s, 5 min, 3 h, 2 d. */
    static String age(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172800) {
            return s / 3600 + " h";
        }
        return s / 86400 + " d";
    }

    /** HTML text and attribute escaping. */
    static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
