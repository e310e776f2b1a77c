package com.fortinet.autoscale.domain.fortianalyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** IPv4 CIDR blocks ({@code 10.0.0.0/16}, comma-separated), enough to tell whether an address is inside. */
final class Ipv4Ranges {
    private static final Pattern DOTTED = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Block(int network, int mask) {}

    private final List<Block> blocks;

    private Ipv4Ranges(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** The blocks of {@code text}; empty when any part is not an IPv4 CIDR block (callers then match nothing). */
    static Optional<Ipv4Ranges> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int slash = p.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            Optional<Integer> address = address(p.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(p.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (address.isEmpty() || bits < 0 || bits > 32) {
                return Optional.empty();
            }
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            blocks.add(new Block(address.get() & mask, mask));
        }
        return blocks.isEmpty() ? Optional.empty() : Optional.of(new Ipv4Ranges(List.copyOf(blocks)));
    }

    boolean contains(String ip) {
        Optional<Integer> a = ip == null ? Optional.empty() : address(ip.trim());
        return a.isPresent() && blocks.stream().anyMatch(b -> (a.get() & b.mask()) == b.network());
    }

    /** A dotted-quad IPv4 address as an int; empty when it is not one. */
    static Optional<Integer> address(String s) {
        if (!DOTTED.matcher(s).matches()) {
            return Optional.empty();
        }
        int value = 0;
        for (String octet : s.split("\\.")) {
            int o = Integer.parseInt(octet);
            if (o > 255) {
                return Optional.empty();
            }
            value = (value << 8) | o;
        }
        return Optional.of(value);
    }
}
