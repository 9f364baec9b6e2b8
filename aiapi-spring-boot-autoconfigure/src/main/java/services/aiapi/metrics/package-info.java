/**
 * Observation, metrics and logging of every logical gateway call.
 */
package services.aiapi.metrics;
