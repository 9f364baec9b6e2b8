package services.aiapi.model.tasks;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The gateway's async task families: where a task of each is fetched, and where its content is, when the family
 * serves it itself.
 */
public enum TaskFamily {

	/** OpenAI's video API: {@code POST /v1/videos}, {@code GET /v1/videos/{id}}, {@code /v1/videos/{id}/content}. */
	OPENAI_VIDEO("/v1/videos/"),

	/** new-api's generic video task: {@code /v1/video/generations}, answered in a {@code {code, data}} envelope. */
	VIDEO_GENERATION("/v1/video/generations/"),

	/** Kling text to video: {@code /kling/v1/videos/text2video}. */
	KLING_TEXT_TO_VIDEO("/kling/v1/videos/text2video/"),

	/** Kling image to video: {@code /kling/v1/videos/image2video}. */
	KLING_IMAGE_TO_VIDEO("/kling/v1/videos/image2video/"),

	/** Suno music and lyrics: {@code /suno/submit/{music,lyrics}}, fetched at {@code /suno/fetch/{id}}. */
	SUNO("/suno/fetch/"),

	/** Midjourney (the midjourney-proxy protocol): {@code /mj/submit/…}, fetched at {@code /mj/task/{id}/fetch}. */
	MIDJOURNEY("/mj/task/");

	private final String fetchPrefix;

	TaskFamily(String fetchPrefix) {
		this.fetchPrefix = fetchPrefix;
	}

	/**
	 * Return the path a task of this family is fetched at.
	 * @param id the task's id
	 * @return the path, relative to the base URL
	 */
	public String fetchPath(String id) {
		return (this == MIDJOURNEY) ? this.fetchPrefix + id + "/fetch" : this.fetchPrefix + id;
	}

	/**
	 * Return the path of a finished task's content, when the family serves it on the gateway itself.
	 * @param id the task's id
	 * @return {@code /v1/videos/{id}/content} for {@link #OPENAI_VIDEO}, else {@code null} (the result's URL)
	 */
	public @Nullable String contentPath(String id) {
		return (this == OPENAI_VIDEO) ? "/v1/videos/" + id + "/content" : null;
	}

	/**
	 * Return the name used in metric tags and logs.
	 * @return such as {@code kling-text-to-video}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
