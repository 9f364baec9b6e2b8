/**
 * Exception hierarchy and the one translator that turns gateway responses and transport failures into it.
 */
@NullMarked
package services.aiapi.error;

import org.jspecify.annotations.NullMarked;
