package ai.bvrai.voice.transport.twilio;

/** The few TwiML documents the platform answers Twilio with (values XML-escaped). */
final class TwiML {

    static final String CONTENT_TYPE = "application/xml";

    private TwiML() {
    }

    /** Connects the call's audio to the platform's Media Streams WebSocket; the call id travels as a stream parameter. */
    static String connectStream(String streamUrl, String callId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\"" + escape(streamUrl)
                + "\"><Parameter name=\"callId\" value=\"" + escape(callId) + "\"/></Stream></Connect></Response>";
    }

    /** Says something and hangs up. */
    static String sayAndHangUp(String text) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>" + escape(text) + "</Say><Hangup/></Response>";
    }

    /** Hands the call to a person at {@code number}. */
    static String dial(String number) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial>" + escape(number) + "</Dial></Response>";
    }

    static String hangUp() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/></Response>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
