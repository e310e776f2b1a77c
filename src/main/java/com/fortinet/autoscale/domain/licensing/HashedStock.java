package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The license stock with the SHA-256 of every file this process has downloaded, kept under the file's name
 * and version tag. A license's identity is its content's hash, but the listing carries no content: the
 * cache lets a request download only the file it hands out (plus, under contention, the ones it tried
 * first) rather than the whole stock. The cache is a hint for the order of downloads, never evidence: a
 * file is hashed again whenever it is downloaded, and the usage store decides who holds what.
 *
 * <p>Thread-safe.
 */
final class HashedStock {
    private final LicenseStock stock;
    /** File name to the SHA-256 of its content at a version tag. Holds only files of the last listing. */
    private final ConcurrentHashMap<String, Hashed> index = new ConcurrentHashMap<>();

    private record Hashed(String version, String sha256) {}

    /** A downloaded license file and its hash. */
    record HashedFile(String name, String sha256, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** One listing of the stock, by file name. */
    record Listing(Map<String, LicenseStock.Entry> byName) {
        int size() {
            return byName.size();
        }
    }

    HashedStock(LicenseStock stock) {
        this.stock = Objects.requireNonNull(stock, "stock");
    }
    /** Where the stock is looked for ({@link LicenseStock#location()}). */
    String location() {
        return stock.location();
    }


    /**
     * The files in stock now; forgets the hashes of files no longer listed.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Listing list() {
        Map<String, LicenseStock.Entry> byName = new HashMap<>();
        stock.list().forEach(e -> byName.put(e.name(), e));
        index.keySet().retainAll(byName.keySet());
        return new Listing(byName);
    }

    /**
     * Downloads and hashes one file; empty (and forgotten) when it is gone since the listing.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Optional<HashedFile> download(String name) {
        Optional<LicenseStock.File> file = stock.download(name);
        if (file.isEmpty()) {
            index.remove(name);
            return Optional.empty();
        }
        String sha = sha256(file.get().content());
        index.put(name, new Hashed(file.get().version(), sha));
        return Optional.of(new HashedFile(name, sha, file.get().content()));
    }

    /**
     * The file of the listing that holds the license with that hash: the file of that name, or a file
     * already hashed with that content (a renamed file is the same license).
     */
    Optional<HashedFile> fileOf(LicenseAssignment held, Listing listing) {
        List<String> names = new ArrayList<>();
        if (listing.byName().containsKey(held.fileName())) {
            names.add(held.fileName());
        }
        index.forEach((name, h) -> {
            if (current(name, h, listing) && h.sha256().equals(held.licenseSha256()) && !names.contains(name)) {
                names.add(name);
            }
        });
        for (String name : names) {
            Hashed known = index.get(name);
            if (known != null && current(name, known, listing) && !known.sha256().equals(held.licenseSha256())) {
                continue; // that name now holds other content
            }
            Optional<HashedFile> file = download(name);
            if (file.isPresent() && file.get().sha256().equals(held.licenseSha256())) {
                return file;
            }
        }
        return Optional.empty();
    }

    /**
     * Files to try, in random order so concurrent requests spread over the stock: first those hashed
     * already and known free, then those never hashed. Files known to hold a license in {@code held} are
     * left out.
     */
    List<String> candidates(Listing listing, Set<String> held) {
        List<String> knownFree = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (LicenseStock.Entry e : listing.byName().values()) {
            Hashed h = index.get(e.name());
            if (h == null || !h.version().equals(e.version())) {
                unknown.add(e.name());
            } else if (!held.contains(h.sha256())) {
                knownFree.add(e.name());
            }
        }
        Collections.shuffle(knownFree, ThreadLocalRandom.current());
        Collections.shuffle(unknown, ThreadLocalRandom.current());
        knownFree.addAll(unknown);
        return knownFree;
    }

    private static boolean current(String name, Hashed h, Listing listing) {
        LicenseStock.Entry e = listing.byName().get(name);
        return e != null && h.version().equals(e.version());
    }

    /** The lower-case hex SHA-256 of a license file's content: the license's identity. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
