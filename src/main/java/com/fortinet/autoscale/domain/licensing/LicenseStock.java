package com.fortinet.autoscale.domain.licensing;

import com.fortinet.autoscale.domain.StoreUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The BYOL license files operators put in the asset store (SPEC §6): a listing that costs one call and
 * carries no content, and a download of one file by name.
 */
public interface LicenseStock {
    /**
     * Every license file in stock, with the version tag the listing reports (an ETag), without content.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    List<Entry> list();

    /**
     * One file's content; empty when it is gone (removed since the listing).
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Optional<File> download(String name);

    /**
     * Where the stock is looked for, for operators (a folder, {@code container/prefix}); named in the
     * out-of-stock log line and notification so an empty answer is never mistaken for a real shortage.
     */
    default String location() {
        return "in memory";
    }

    /** A file as the listing shows it: its name in the license directory and a tag that changes with it. */
    record Entry(String name, String version) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }

    /** A downloaded file: the version tag is the one of the content returned. */
    record File(String name, String version, byte[] content) {
        public File {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(content, "content");
        }
    }
}
