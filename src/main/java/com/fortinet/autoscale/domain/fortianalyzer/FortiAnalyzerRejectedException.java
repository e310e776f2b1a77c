package com.fortinet.autoscale.domain.fortianalyzer;

/**
 * The FortiAnalyzer answered a call with a non-zero {@code status.code} (bad credentials, missing
 * permission, invalid data) or reported that an authorization task failed. Functions answer 502.
 */
public final class FortiAnalyzerRejectedException extends FortiAnalyzerException {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final int code;

    /**
     * @param url     the JSON-RPC url of the call, e.g. {@code /dvm/cmd/add/dev-list}
     * @param code    the FortiAnalyzer's status code
     * @param message the FortiAnalyzer's status message
     */
    public FortiAnalyzerRejectedException(String url, int code, String message) {
        super("FortiAnalyzer refused " + url + ": " + FazDevice.printable(message) + " (code " + code + ")", null);
        this.url = url;
        this.code = code;
    }

    public String url() {
        return url;
    }

    public int code() {
        return code;
    }
}
