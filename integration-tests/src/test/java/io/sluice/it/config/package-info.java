/** {@code sluice -c} run as a real process on good and bad configurations. */
package io.sluice.it.config;
