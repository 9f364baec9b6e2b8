package services.aiapi.model.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Suno task: music ({@code /suno/submit/music}) or lyrics ({@code /suno/submit/lyrics}).
 *
 * @param lyrics whether it writes lyrics only
 * @param prompt the lyrics to sing (custom mode), the description of the song, or what the lyrics are about
 * @param mv the Suno model version, such as {@code chirp-v4}, or {@code null}
 * @param title the song's title, or {@code null}
 * @param tags the style, such as {@code funk, bass}, or {@code null}
 * @param makeInstrumental whether the song has no vocals, or {@code null}
 */
public record SunoRequest(boolean lyrics, String prompt, @Nullable String mv, @Nullable String title,
		@Nullable String tags, @Nullable Boolean makeInstrumental) implements TaskRequest {

	/**
	 * A song.
	 * @param prompt its lyrics or description
	 * @param mv the model version, or {@code null}
	 * @return the request
	 */
	public static SunoRequest music(String prompt, @Nullable String mv) {
		return new SunoRequest(false, prompt, mv, null, null, null);
	}

	/**
	 * Lyrics only.
	 * @param prompt what they are about
	 * @return the request
	 */
	public static SunoRequest lyrics(String prompt) {
		return new SunoRequest(true, prompt, null, null, null, null);
	}

	/**
	 * Return a copy with a title and style.
	 * @param title the title
	 * @param tags the style
	 * @return the request
	 */
	public SunoRequest withTitleAndTags(@Nullable String title, @Nullable String tags) {
		return new SunoRequest(this.lyrics, this.prompt, this.mv, title, tags, this.makeInstrumental);
	}

	@Override
	public TaskFamily family() {
		return TaskFamily.SUNO;
	}

	@Override
	public String path() {
		return this.lyrics ? "/suno/submit/lyrics" : "/suno/submit/music";
	}

	@Override
	public @Nullable String model() {
		return this.lyrics ? "suno-lyrics" : (this.mv != null) ? this.mv : "suno-music";
	}

	@Override
	public Object body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("prompt", this.prompt);
		TaskRequest.put(body, "mv", this.mv);
		TaskRequest.put(body, "title", this.title);
		TaskRequest.put(body, "tags", this.tags);
		TaskRequest.put(body, "make_instrumental", this.makeInstrumental);
		return body;
	}

	@Override
	public void validate() {
		TaskRequest.require(TaskRequest.hasText(this.prompt), "prompt", "a prompt is required");
		TaskRequest.require(this.prompt.length() <= 3000, "prompt", "at most 3,000 characters");
		TaskRequest.require(this.title == null || this.title.length() <= 80, "title", "at most 80 characters");
	}

	@Override
	public int promptLength() {
		return this.prompt.length();
	}

}
