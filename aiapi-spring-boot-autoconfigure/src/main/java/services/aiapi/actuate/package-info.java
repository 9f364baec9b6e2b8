/**
 * The read-only Actuator endpoint {@code aiapi}: configuration and live resilience state.
 */
@NullMarked
package services.aiapi.actuate;

import org.jspecify.annotations.NullMarked;
