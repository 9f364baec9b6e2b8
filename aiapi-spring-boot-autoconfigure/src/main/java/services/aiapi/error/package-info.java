/**
 * Exception hierarchy and the one translator that turns gateway responses and transport failures into it.
 */
package services.aiapi.error;
