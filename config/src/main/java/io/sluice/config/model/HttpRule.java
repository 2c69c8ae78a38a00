package io.sluice.config.model;

import java.util.List;

/**
 * One {@code http-request} or {@code http-response} rule. The action's words are kept as written in
 * {@code args}; the fields below carry what the common actions need already parsed.
 *
 * @param action the action keyword (allow, deny, return, redirect, set-header, ...)
 * @param args the action's words, after the action and before {@code if}/{@code unless}
 * @param status the status for deny/return/tarpit (0 when not applicable)
 * @param contentType the {@code content-type} of return/deny, null if absent
 * @param bodyKind string, lf-string, file, lf-file, errorfile, errorfiles, or null for no body
 * @param body the body argument (text or path), null when none
 * @param headerName the header for set-header/add-header/del-header/replace-header, else null
 * @param headerValue the value (log-format) for set-header/add-header, else null
 * @param redirect the parsed redirect for {@code http-request redirect}, else null
 * @param condition the condition, null when always
 * @param file the configuration file
 * @param line the line in {@code file}
 */
public record HttpRule(String action, List<String> args, int status, String contentType, String bodyKind,
                       String body, String headerName, String headerValue, RedirectRule redirect,
                       Condition condition, String file, int line) {
    /** Makes the lists immutable. */
    public HttpRule {
        args = List.copyOf(args);
    }
}
