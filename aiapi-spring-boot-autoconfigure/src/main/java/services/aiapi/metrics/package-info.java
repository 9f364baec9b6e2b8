/**
 * Observation, metrics and logging of every logical gateway call.
 */
@NullMarked
package services.aiapi.metrics;

import org.jspecify.annotations.NullMarked;
