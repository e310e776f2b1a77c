package com.fortinet.autoscale.adapter.fortianalyzer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Lenient reads of FortiAnalyzer reply fields, which come as strings or numbers depending on the version. */
final class JsonFields {
    private JsonFields() {
    }

    static String oneLine(String s) {
        String flat = s == null ? "" : s.replaceAll("\\p{Cntrl}", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    static Long number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            return null;
        }
        try {
            return e.getAsJsonPrimitive().isNumber() ? e.getAsLong() : Long.parseLong(e.getAsString().trim());
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
