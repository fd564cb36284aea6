package io.attest.gateway.domain.consent;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a subscriber's reply the way the rules ask (FCC 24-24: revocation "by any reasonable means"; CTIA
 * keywords). Order of the checks:
 * <ol>
 *   <li>the whole reply is a keyword (case, spacing and punctuation ignored): STOP, STOPALL, STOP ALL,
 *       UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT / OPT OUT; START, UNSTOP; HELP, INFO; Spanish
 *       ALTO, PARA, CANCELAR; common misspellings of STOP and UNSUBSCRIBE;</li>
 *   <li>a negated stop ("don't stop the reminders", "never stop") is never a revocation;</li>
 *   <li>otherwise the plain-words phrases below, each with a rule name recorded with the revocation
 *       ("stop texting me", "take me off your list", "no mas");</li>
 *   <li>then guards for wording that uses "stop" for something else ("stop by the store", "bus stop");</li>
 *   <li>last, a bare "stop" with little else ("ok stop now").</li>
 * </ol>
 * Spanish keywords ALTO, PARA, CANCELAR, BAJA and AYUDA are keywords too. The corpus of examples it is
 * tested against is {@code src/test/resources/reply-corpus.txt}; docs/compliance-rule-map.md lists the rules.
 */
public final class ReplyClassifier {

    private static final Map<String, ReplyIntent> KEYWORDS = Map.ofEntries(
            Map.entry("stop", optOut("keyword:STOP")),
            Map.entry("stopall", new ReplyIntent(ReplyIntent.Kind.OPT_OUT_ALL, "keyword:STOPALL")),
            Map.entry("stop all", new ReplyIntent(ReplyIntent.Kind.OPT_OUT_ALL, "keyword:STOP ALL")),
            Map.entry("unsubscribe", optOut("keyword:UNSUBSCRIBE")),
            Map.entry("cancel", optOut("keyword:CANCEL")),
            Map.entry("end", optOut("keyword:END")),
            Map.entry("quit", optOut("keyword:QUIT")),
            Map.entry("revoke", optOut("keyword:REVOKE")),
            Map.entry("optout", optOut("keyword:OPTOUT")),
            Map.entry("opt out", optOut("keyword:OPTOUT")),
            Map.entry("alto", optOut("keyword:ALTO")),
            Map.entry("para", optOut("keyword:PARA")),
            Map.entry("cancelar", optOut("keyword:CANCELAR")),
            Map.entry("baja", optOut("keyword:BAJA")),
            Map.entry("stpo", optOut("misspelling:STOP")),
            Map.entry("sotp", optOut("misspelling:STOP")),
            Map.entry("stopp", optOut("misspelling:STOP")),
            Map.entry("stop stop", optOut("keyword:STOP")),
            Map.entry("unsubscibe", optOut("misspelling:UNSUBSCRIBE")),
            Map.entry("unsubcribe", optOut("misspelling:UNSUBSCRIBE")),
            Map.entry("unsuscribe", optOut("misspelling:UNSUBSCRIBE")),
            Map.entry("unsubscribed", optOut("keyword:UNSUBSCRIBE")),
            Map.entry("start", new ReplyIntent(ReplyIntent.Kind.OPT_IN, "keyword:START")),
            Map.entry("unstop", new ReplyIntent(ReplyIntent.Kind.OPT_IN, "keyword:UNSTOP")),
            Map.entry("help", new ReplyIntent(ReplyIntent.Kind.HELP, "keyword:HELP")),
            Map.entry("info", new ReplyIntent(ReplyIntent.Kind.HELP, "keyword:INFO")),
            Map.entry("ayuda", new ReplyIntent(ReplyIntent.Kind.HELP, "keyword:AYUDA")));

    /** A negated stop: never a revocation, whatever follows ("don't stop texting me"). */
    private static final Pattern NEGATED_STOP =
            Pattern.compile("\\b(do not|dont|don t|never|cant|can t|cannot|wont|won t|please don t|pls dont) stop\\b");

    /** Wording that uses a stop-like word for something else; it only outweighs a bare "stop". */
    private static final List<Pattern> NOT_AN_OPT_OUT = List.of(
            Pattern.compile("\\bstop (by|at|in|over)\\b"),
            Pattern.compile("\\b(bus|next|last|first|pit|full|truck) stop\\b"),
            Pattern.compile("\\bnon ?stop\\b"),
            Pattern.compile("\\b(keep|continue) (the )?(texts|messages|reminders|texting|messaging|sending)\\b"),
            Pattern.compile("\\bend of (the )?(day|week|month|year)\\b"));

    private record Phrase(String rule, Pattern pattern) {
    }

    private static final List<Phrase> PHRASES = List.of(
            phrase("stop-contacting-me", "\\b(stop|quit|cease|stp|stahp) (texting|messaging|txting|texing|sending|contacting|calling|spamming|bothering|emailing)\\b( me| us| this number| my number)?"),
            phrase("stop-the-messages", "\\b(stop|end|cancel|quit) (all |these |the |your |this |those |ur )*(texts?|messages?|msgs?|sms|alerts|notifications|reminders|promos|promotions|marketing|spam)\\b"),
            phrase("no-more-messages", "\\bno (more|further) (texts?|messages?|msgs?|sms|alerts|reminders|promos|marketing|contact)\\b"),
            phrase("dont-contact-me", "\\b(do not|don t|dont|never) (text|message|txt|contact|sms|msg|send)( me| this number| my number| anything| messages| texts| me again)?\\b"),
            phrase("remove-me", "\\b(remove|delete|take|get|drop|erase) (me|my number|this number|my phone)( off| from| out of)?( of)? ?(your|the|this|ur|all)? ?(list|lists|database|system|texts|messages|marketing|contacts)?\\b"),
            phrase("unsubscribe-me", "\\b(unsubscribe|unsub|opt out|opt me out|optout|cancel my subscription|cancel subscription)\\b"),
            phrase("leave-me-alone", "\\b(leave me alone|go away|lose my number|wrong number|not interested|stop bugging me)\\b"),
            phrase("i-want-out", "\\bi (want|would like|wish|d like) to (stop|unsubscribe|opt out|quit|cancel|end)( (these|the|your|all))?( (texts?|messages?|this|them|it|getting|receiving))?\\b"),
            phrase("spanish-no-mas", "\\b(no (mas|quiero)( (mensajes|textos|mensaje))?|ya no( (me )?(envien|manden|escriban|mensajes))?|dejen de (enviar|mandar|escribir)|no me (envien|manden|escriban)|basta|detener|darme de baja|dar de baja)\\b"));

    /** "stop" with little else; checked last, after the guards. */
    private static final Phrase BARE_STOP = phrase("stop-it", "^(please |pls |plz |ok |just |now )*(stop|stop it|stop now|stop please|stop this|stop that|stop pls|stop plz|stop already)( now| please| pls| thanks| thank you| immediately| already)*$");

    private static final Set<String> FILLER = Set.of("please", "pls", "plz", "thanks", "thank you", "now", "ok");

    private ReplyClassifier() {
    }

    public static ReplyIntent classify(String reply) {
        if (reply == null) {
            return ReplyIntent.none();
        }
        String text = normalise(reply);
        if (text.isEmpty()) {
            return ReplyIntent.none();
        }
        ReplyIntent keyword = KEYWORDS.get(text);
        if (keyword == null) {
            keyword = KEYWORDS.get(withoutFiller(text));
        }
        if (keyword != null) {
            return keyword;
        }
        if (NEGATED_STOP.matcher(text).find()) {
            return ReplyIntent.none();
        }
        for (Phrase phrase : PHRASES) {
            if (phrase.pattern().matcher(text).find()) {
                return optOut("phrase:" + phrase.rule());
            }
        }
        for (Pattern guard : NOT_AN_OPT_OUT) {
            if (guard.matcher(text).find()) {
                return ReplyIntent.none();
            }
        }
        return BARE_STOP.pattern().matcher(text).find() ? optOut("phrase:" + BARE_STOP.rule()) : ReplyIntent.none();
    }

    /** Lower case, accents removed, punctuation and runs of spaces folded to one space. */
    static String normalise(String reply) {
        String decomposed = Normalizer.normalize(reply, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .trim();
    }

    private static String withoutFiller(String text) {
        String result = text;
        for (String filler : FILLER) {
            result = result.replaceAll("(^| )" + filler + "( |$)", " ").trim();
        }
        return result;
    }

    private static ReplyIntent optOut(String rule) {
        return new ReplyIntent(ReplyIntent.Kind.OPT_OUT, rule);
    }

    private static Phrase phrase(String rule, String regex) {
        return new Phrase(rule, Pattern.compile(regex));
    }
}
