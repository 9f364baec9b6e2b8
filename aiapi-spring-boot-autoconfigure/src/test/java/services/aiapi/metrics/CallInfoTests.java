package services.aiapi.metrics;

import org.junit.jupiter.api.Test;

import services.aiapi.http.AiApiOperation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's description carries its operation as the enum the rest of the starter uses; meters, observations and
 * logs show its tag value.
 */
class CallInfoTests {

	@Test
	void chatAndItsStreamAreTheGenAiChatOperation() {
		assertThat(new CallInfo(AiApiOperation.CHAT, "m", 2).genAiOperationName()).isEqualTo("chat");
		assertThat(new CallInfo(AiApiOperation.CHAT_STREAM, "m", 2).genAiOperationName()).isEqualTo("chat");
		assertThat(new CallInfo(AiApiOperation.EMBEDDINGS, "m", 2).genAiOperationName()).isEqualTo("embeddings");
		assertThat(new CallInfo(AiApiOperation.VIDEO_SUBMIT, "m", 2).genAiOperationName()).isEqualTo("video.submit");
	}

	@Test
	void aModelNameIsMadeSafeToLog() {
		CallInfo call = new CallInfo(AiApiOperation.CHAT, "gpt\r\nWARN forged", 0);
		assertThat(call.model()).isEqualTo("gpt??WARN forged");
		assertThat(call.modelTag()).isEqualTo("gpt??WARN forged");
		assertThat(new CallInfo(AiApiOperation.MODELS, null, 0).modelTag()).isEqualTo(CallOutcome.NONE);
	}

}
