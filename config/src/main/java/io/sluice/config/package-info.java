/**
 * HAProxy-syntax configuration: {@link io.sluice.config.Tokenizer} (quotes, escapes,
 * {@code ${ENV}}), sections and generic rules in {@link io.sluice.config.ConfigParser}, the keyword
 * registry ({@link io.sluice.config.KeywordRegistry}, HAProxy's {@code cfg_kw_list}), value syntaxes
 * ({@link io.sluice.config.Units}, {@link io.sluice.config.Addresses}) and diagnostics in HAProxy's
 * shape ({@link io.sluice.config.Diagnostic}).
 *
 * <h2>Flow</h2>
 * <ol>
 *   <li>CFG-0: lines starting with a dot are directives: {@code .if/.elif/.else/.endif} blocks
 *       (conditions evaluated by {@link io.sluice.config.CondExpr}) mask the lines of branches not
 *       taken; {@code .warning} and {@code .alert} report their message ({@code .alert} stops).</li>
 *   <li>CFG-1: each file is split into lines, each line into words by the tokenizer; a tokenizer
 *       error is an alert for that line only.</li>
 *   <li>CFG-2: a section keyword opens a section; a {@code frontend}/{@code backend}/{@code listen}
 *       starts as a copy of the last {@code defaults} (or the one named by {@code from}).</li>
 *   <li>CFG-3: any other line is looked up in the registry (two-word form first); the generic checks
 *       (defaults allowed, capability, arity) run, then the keyword's parser fills the draft.</li>
 *   <li>CFG-4: when every file parsed without alert, the drafts are frozen into the immutable
 *       {@link io.sluice.config.model.Config} and the cross-proxy checks run (backend references,
 *       modes, missing timeouts).</li>
 * </ol>
 *
 * <p>Threads: everything here runs on the main thread before any loop thread exists; the resulting
 * model is immutable and safe to share.
 *
 * <p>Support levels: every registration carries a {@link io.sluice.config.Support}. {@code sluice -c}
 * accepts CHECKED keywords; starting refuses them until the issue that builds their runtime flips
 * the registration to RUNTIME.
 */
package io.sluice.config;
