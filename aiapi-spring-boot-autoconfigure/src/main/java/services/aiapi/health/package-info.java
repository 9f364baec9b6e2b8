/**
 * The Actuator health indicator of the gateway.
 */
package services.aiapi.health;
