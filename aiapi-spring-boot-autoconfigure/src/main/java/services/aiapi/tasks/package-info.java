/**
 * The tasks an instance submits and awaits: what is in flight, and what metrics and the {@code aiapi} endpoint make
 * of it.
 */
@NullMarked
package services.aiapi.tasks;

import org.jspecify.annotations.NullMarked;
