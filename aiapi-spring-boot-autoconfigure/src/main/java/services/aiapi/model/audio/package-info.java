/**
 * Audio ({@code /v1/audio/speech}, {@code /v1/audio/transcriptions}, {@code /v1/audio/translations}): requests
 * and answers.
 */
@NullMarked
package services.aiapi.model.audio;

import org.jspecify.annotations.NullMarked;
