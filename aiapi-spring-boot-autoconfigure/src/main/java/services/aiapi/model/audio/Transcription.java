package services.aiapi.model.audio;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * A transcription or translation. {@code text} is always there (for {@code text}, {@code srt} and {@code vtt} it is
 * the answer as it came); {@code verbose_json} adds the language, duration, segments and words with timestamps.
 *
 * @param text the text
 * @param language the detected language
 * @param duration the audio's duration, in seconds
 * @param segments the segments, with their times
 * @param words the words, with their times
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Transcription(String text, @Nullable String language, @Nullable Double duration,
		@Nullable List<Segment> segments, @Nullable List<Word> words) {

	/**
	 * A transcription that is text only.
	 * @param text the text
	 * @return the transcription
	 */
	public static Transcription ofText(String text) {
		return new Transcription(text, null, null, null, null);
	}

	/**
	 * A segment.
	 *
	 * @param id its number
	 * @param start its start, in seconds
	 * @param end its end, in seconds
	 * @param text its text
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Segment(@Nullable Integer id, double start, double end, @Nullable String text) {

	}

	/**
	 * A word.
	 *
	 * @param word the word
	 * @param start its start, in seconds
	 * @param end its end, in seconds
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Word(@Nullable String word, double start, double end) {

	}

}
