package com.fortinet.autoscale.adapter.cosmos;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The event history's counter in the {@code Events} container: the number the next event gets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class SequenceItem {
    static final String ID = "sequence";

    public String id;
    public String clusterId;
    public long next;
    /** -1: never expires (the container's TTL is for the events). */
    public Integer ttl;
    @JsonProperty("_etag")
    public String etag;

    static SequenceItem of(String clusterId, long next) {
        SequenceItem s = new SequenceItem();
        s.id = ID;
        s.clusterId = clusterId;
        s.next = next;
        s.ttl = -1;
        return s;
    }
}
