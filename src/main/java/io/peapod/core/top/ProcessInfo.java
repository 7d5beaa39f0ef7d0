package io.peapod.core.top;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One process as /proc/PID/{stat,status,cmdline,attr/current} describe it, with the fields psgo uses.
 * Pids are as the host sees them; {@link ProcessTable} translates them.
 *
 * @param status    /proc/PID/status, each key with its whitespace-separated fields
 * @param cmdline   the arguments split at NUL bytes, with the empty string after the last NUL as psgo keeps it
 * @param label     the security label, "?" where the host has none
 */
record ProcessInfo(int hostPid, Stat stat, Map<String, List<String>> status, List<String> cmdline, String label) {

    /** The fields of /proc/PID/stat that psgo reads. */
    record Stat(String comm, int ppid, int pgrp, long ttyNr, long utime, long stime, String nice, long startTime,
                long vsize) {}

    static Stat parseStat(String text) {
        // comm may hold spaces and parentheses: it runs from the first '(' to the last ')'.
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("unexpected /proc stat line: " + text);
        }
        String comm = text.substring(open + 1, close);
        String[] f = text.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state) of proc(5)'s numbering
        return new Stat(comm, Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[4]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), f[16], Long.parseLong(f[19]), Long.parseLong(f[20]));
    }

    static Map<String, List<String>> parseStatus(String text) {
        Map<String, List<String>> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[0].endsWith(":")) {
                continue;
            }
            out.put(f[0].substring(0, f[0].length() - 1), List.of(f).subList(1, f.length));
        }
        return out;
    }

    static List<String> parseCmdline(byte[] data) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                out.add(new String(data, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        out.add(new String(data, start, data.length - start, java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }

    /** The first field of a status line, "" when absent. */
    String status(String key) {
        List<String> v = status.get(key);
        return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    /** The i-th field of a status line (e.g. Uid's effective id is 1), "" when absent. */
    String status(String key, int i) {
        List<String> v = status.get(key);
        return v == null || v.size() <= i ? "" : v.get(i);
    }

    List<String> statusList(String key) {
        return status.getOrDefault(key, List.of());
    }

    /** The last NSpid entry: the pid in the innermost pid namespace. */
    int innermostPid() {
        List<String> ns = statusList("NSpid");
        return ns.isEmpty() ? hostPid : Integer.parseInt(ns.getLast());
    }
}
