package io.sluice.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every alert and warning of one configuration read, in the order they were found
 * (HAProxy keeps parsing after an error so that one run reports them all).
 *
 * <p>Not thread-safe: owned by the single thread that parses the configuration.
 */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    /** Records an alert at {@code file:line}; runs on the parsing thread. */
    public void alert(String file, int line, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.ALERT, file, line, message));
    }

    /** Records a warning at {@code file:line}; runs on the parsing thread. */
    public void warning(String file, int line, String message) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, file, line, message));
    }

    /** Records an alert that has no place (e.g. an unreadable file); runs on the parsing thread. */
    public void alert(String message) {
        all.add(new Diagnostic(Diagnostic.Severity.ALERT, null, 0, message));
    }

    /** Records a warning that has no place; runs on the parsing thread. */
    public void warning(String message) {
        all.add(new Diagnostic(Diagnostic.Severity.WARNING, null, 0, message));
    }

    /** Returns true when at least one alert was recorded. */
    public boolean hasAlerts() {
        for (Diagnostic d : all) {
            if (d.severity() == Diagnostic.Severity.ALERT) {
                return true;
            }
        }
        return false;
    }

    /** Returns the number of alerts recorded in {@code file}. */
    public int alertsIn(String file) {
        int n = 0;
        for (Diagnostic d : all) {
            if (d.severity() == Diagnostic.Severity.ALERT && file.equals(d.file())) {
                n++;
            }
        }
        return n;
    }

    /** Returns the alerts only, in order. */
    public List<Diagnostic> alerts() {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : all) {
            if (d.severity() == Diagnostic.Severity.ALERT) {
                out.add(d);
            }
        }
        return out;
    }

    /** Returns the warnings only, in order. */
    public List<Diagnostic> warnings() {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : all) {
            if (d.severity() == Diagnostic.Severity.WARNING) {
                out.add(d);
            }
        }
        return out;
    }

    /** Returns everything, in order. */
    public List<Diagnostic> all() {
        return Collections.unmodifiableList(all);
    }
}
