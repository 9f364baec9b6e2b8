/**
 * The Actuator health indicator of the gateway.
 */
@NullMarked
package services.aiapi.health;

import org.jspecify.annotations.NullMarked;
