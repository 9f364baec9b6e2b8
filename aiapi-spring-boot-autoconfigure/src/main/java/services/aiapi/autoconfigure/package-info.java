/**
 * Auto-configuration, configuration properties and failure analysis for the aiapi.services starter.
 */
package services.aiapi.autoconfigure;
