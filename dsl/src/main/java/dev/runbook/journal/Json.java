package dev.runbook.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson mapper the journal uses. */
public final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    /**
     * Builds the mapper now rather than at the first journal event: the CLI calls this on a second thread while
     * the main thread parses the command line, since building it costs about 25 ms of a 0.35 s start.
     */
    public static void prepare() {
        MAPPER.getClass();
    }
}
