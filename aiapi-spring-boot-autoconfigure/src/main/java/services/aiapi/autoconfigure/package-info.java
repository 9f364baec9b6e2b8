/**
 * Auto-configuration, configuration properties and failure analysis for the aiapi.services starter.
 */
@NullMarked
package services.aiapi.autoconfigure;

import org.jspecify.annotations.NullMarked;
