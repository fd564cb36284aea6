package io.attest.gateway.application.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a mail becomes (docs/email.md#the-text): its plain-text part, or its HTML part with the markup stripped;
 * cut at the signature ({@code "-- "} on a line of its own, RFC 3676, or a line starting {@code "Sent from my "}) and
 * at a quoted reply (a line {@code "On … wrote:"}, {@code "-----Original Message-----"}, or the first line quoted with
 * {@code ">"}); lines trimmed at their end, runs of blank lines made one, blank lines at either end dropped. When
 * nothing is left, the subject is the text.
 */
public final class EmailText {

    private static final Pattern DROPPED_ELEMENTS = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>");
    private static final Pattern LINE_BREAKS = Pattern.compile("(?i)<br\\s*/?>|</(p|div|li|tr|h[1-6])\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));");
    private static final Pattern WROTE = Pattern.compile("^On .{0,200}wrote:\\s*$");

    private EmailText() {
    }

    /** The text of a mail, or an empty string when it has none. */
    public static String of(String subject, String plainText, String html) {
        String body = plainText != null && !plainText.isBlank() ? plainText : html != null ? stripHtml(html) : "";
        String trimmed = trimmed(body);
        if (!trimmed.isEmpty()) {
            return trimmed;
        }
        return subject == null ? "" : subject.strip();
    }

    static String trimmed(String body) {
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (line.equals("-- ") || line.equals("--") || line.startsWith("Sent from my ")
                    || line.strip().equals("-----Original Message-----") || WROTE.matcher(line.strip()).matches()
                    || line.startsWith(">")) {
                break;
            }
            kept.add(line.stripTrailing());
        }
        StringBuilder text = new StringBuilder();
        boolean blank = false;
        for (String line : kept) {
            if (line.isEmpty()) {
                blank = !text.isEmpty();
                continue;
            }
            if (blank) {
                text.append('\n');
                blank = false;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(line);
        }
        return text.toString();
    }

    static String stripHtml(String html) {
        String text = DROPPED_ELEMENTS.matcher(html).replaceAll("");
        text = text.replaceAll("\\s*\\n\\s*", " ");
        text = LINE_BREAKS.matcher(text).replaceAll("\n");
        text = TAGS.matcher(text).replaceAll("");
        return entities(text);
    }

    private static String entities(String text) {
        Matcher numeric = NUMERIC_ENTITY.matcher(text);
        StringBuilder decoded = new StringBuilder();
        while (numeric.find()) {
            int code = numeric.group(1) != null ? Integer.parseInt(numeric.group(1))
                    : Integer.parseInt(numeric.group(2), 16);
            String character = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "";
            numeric.appendReplacement(decoded, Matcher.quoteReplacement(character));
        }
        numeric.appendTail(decoded);
        return decoded.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
    }

    /** Whether a sender address is on an allow-list of addresses and {@code @domains} (both as stored: lower case). */
    static boolean allows(java.util.List<String> allowed, String address) {
        String sender = address(address);
        int at = sender.lastIndexOf('@');
        return at > 0 && allowed.stream().anyMatch(a -> a.equals(sender) || a.equals(sender.substring(at)));
    }

    /** An address as compared: lower case, without the angle brackets. */
    static String address(String address) {
        String plain = address == null ? "" : address.strip();
        if (plain.startsWith("<") && plain.endsWith(">")) {
            plain = plain.substring(1, plain.length() - 1);
        }
        return plain.toLowerCase(Locale.ROOT);
    }
}
