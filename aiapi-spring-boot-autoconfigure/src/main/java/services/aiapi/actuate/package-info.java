/**
 * The read-only Actuator endpoint {@code aiapi}: configuration and live resilience state.
 */
package services.aiapi.actuate;
