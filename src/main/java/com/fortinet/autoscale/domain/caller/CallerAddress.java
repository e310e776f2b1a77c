package com.fortinet.autoscale.domain.caller;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One address as a proxy reports it ({@code 10.0.1.4}, {@code 10.0.1.4:49152}, {@code [fd00::4]:443},
 * {@code ::ffff:10.0.1.4}), read as an IP literal and written in one canonical form, so that two spellings of
 * one address compare equal. Nothing here resolves a name: text that is not an IP literal is no address.
 */
public final class CallerAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");

    private CallerAddress() {}

    /**
     * The canonical form of the address in {@code text} (port and brackets removed, IPv4-mapped IPv6 as IPv4,
     * IPv6 compressed as {@link InetAddress} writes it), or empty when it is no IP literal.
     */
    public static Optional<String> canonical(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            String rest = t.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) {
                return Optional.empty();
            }
            t = t.substring(1, close);
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            // one colon: IPv4 with a port (an IPv6 literal has at least two)
            String port = t.substring(t.indexOf(':') + 1);
            if (!port.matches("\\d{1,5}")) {
                return Optional.empty();
            }
            t = t.substring(0, t.indexOf(':'));
        }
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone); // a link-local zone names an interface of the proxy, not the caller
        }
        boolean v4 = IPV4.matcher(t).matches();
        boolean v6 = !v4 && t.indexOf(':') >= 0 && IPV6.matcher(t).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // a literal only (checked above), so no name lookup happens; IPv4-mapped IPv6 comes back as IPv4
            return Optional.of(InetAddress.getByName(t).getHostAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
