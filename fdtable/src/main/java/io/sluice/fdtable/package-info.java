/** Placeholder: see the module issue. */
package io.sluice.fdtable;
