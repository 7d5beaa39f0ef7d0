package io.peapod.core.names;

import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Generated container names in podman's style, {@code adjective_surname} (podman uses docker's
 * namesgenerator), with our own word lists: friendly adjectives and notable scientists and engineers.
 */
public final class NameGenerator {
    /** What podman 4.3 prints (after "Error: running container create option: ") for a bad --name. */
    public static final String INVALID_NAME_MESSAGE = "names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument";

    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    /**
     * Podman's own loop retries plain names until one is free; after this many collisions we fall
     * back to docker's variant (append a random digit) so a crowded store cannot make us spin forever.
     */
    static final int PLAIN_ATTEMPTS = 64;

    static final List<String> ADJECTIVES = List.of(
            "able", "agile", "airy", "amber", "ample", "ardent", "artful", "astute", "audacious", "balmy",
            "bashful", "blithe", "bold", "boring", "brave", "breezy", "bright", "brisk", "buoyant", "calm",
            "candid", "careful", "cheerful", "chipper", "civil", "clever", "cosmic", "courtly", "crafty", "crisp",
            "curious", "dapper", "daring", "dazzling", "deft", "devoted", "diligent", "dreamy", "eager", "earnest",
            "elated", "eloquent", "epic", "fearless", "fervent", "festive", "fierce", "fond", "frank", "gallant",
            "gentle", "gifted", "glad", "gleaming", "graceful", "gracious", "hardy", "hearty", "helpful", "honest",
            "humble", "jaunty", "jolly", "jovial", "keen", "kind", "lively", "loyal", "lucid", "lucky",
            "mellow", "merry", "mindful", "modest", "nimble", "noble", "patient", "peppy", "placid", "plucky",
            "poised", "proud", "quick", "quiet", "quirky", "radiant", "rapid", "ready", "serene", "sincere",
            "snappy", "spry", "steady", "sturdy", "sunny", "swift", "tender", "thrifty", "tidy", "trusty",
            "upbeat", "valiant", "vivid", "witty", "zany", "zealous");

    static final List<String> SURNAMES = List.of(
            "abel", "agnesi", "alhazen", "ampere", "anning", "archimedes", "aryabhata", "avogadro", "babbage", "backus",
            "banach", "bardeen", "bartik", "becquerel", "bell", "bernoulli", "bhabha", "blackwell", "bohr", "boltzmann",
            "boole", "born", "bose", "bragg", "brahe", "brattain", "cajal", "cannon", "cantor", "carnot",
            "carson", "carver", "cauchy", "cavendish", "celsius", "cerf", "chadwick", "chandrasekhar", "chebyshev", "church",
            "clausius", "copernicus", "corbato", "coulomb", "cray", "crick", "curie", "dalton", "darwin", "dedekind",
            "descartes", "diffie", "dijkstra", "dirac", "doppler", "easley", "edison", "ehrenfest", "einstein", "engelbart",
            "erdos", "euclid", "euler", "fahrenheit", "faraday", "fermat", "fermi", "feynman", "fibonacci", "fleming",
            "foucault", "fourier", "franklin", "fresnel", "galileo", "galois", "galvani", "gamow", "gauss", "germain",
            "gibbs", "godel", "goodall", "gosling", "hamilton", "hamming", "hawking", "heaviside", "heisenberg", "hellman",
            "helmholtz", "herschel", "hertz", "higgs", "hilbert", "hoare", "hodgkin", "hollerith", "hooke", "hopper",
            "hubble", "huffman", "humboldt", "huygens", "hypatia", "jacobi", "jemison", "jenner", "johnson", "joule",
            "kahan", "kapitsa", "kay", "kelvin", "kepler", "kernighan", "khorana", "kilby", "kirchhoff", "knuth",
            "kolmogorov", "kovalevskaya", "kurchatov", "lagrange", "lamarr", "lamport", "landau", "laplace", "lavoisier", "leakey",
            "leavitt", "lebedev", "leibniz", "lemaitre", "liskov", "lister", "lobachevsky", "lorentz", "lorenz", "lovelace",
            "lovell", "lyell", "mandelbrot", "markov", "maxwell", "mccarthy", "mcclintock", "meitner", "mendel", "mendeleev",
            "merkle", "michelson", "minsky", "mirzakhani", "moore", "morse", "napier", "nash", "neumann", "newton",
            "nightingale", "nobel", "noether", "noyce", "nyquist", "ohm", "oppenheimer", "pascal", "pasteur", "pauli",
            "pauling", "pavlov", "perlman", "planck", "poincare", "pythagoras", "raman", "ramanujan", "riemann", "ritchie",
            "rivest", "rontgen", "rutherford", "sagan", "salam", "salk", "sanger", "schrodinger", "shamir", "shannon",
            "shockley", "sinoussi", "somerville", "sommerfeld", "stallman", "stokes", "stonebraker", "sutherland", "swartz", "tesla",
            "thales", "thompson", "thomson", "thorne", "torvalds", "turing", "tyson", "vaughan", "venn", "volta",
            "wallace", "watt", "weierstrass", "wiener", "wilkes", "wirth", "wozniak", "wright", "wu", "yalow",
            "yonath", "yukawa", "zuse");

    private NameGenerator() {}

    /**
     * A name not yet {@code taken}. Collisions are retried with fresh plain names (podman's behaviour);
     * after {@link #PLAIN_ATTEMPTS} of them a random digit is appended per retry, as docker's
     * {@code GetRandomName(retry > 0)} does, which keeps finding free names however full the store is.
     */
    public static String generate(RandomGenerator rnd, Predicate<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = randomName(rnd);
            if (attempt >= PLAIN_ATTEMPTS) {
                // One more digit for every further round of PLAIN_ATTEMPTS, so the space keeps growing.
                int digits = (attempt - PLAIN_ATTEMPTS) / PLAIN_ATTEMPTS + 1;
                StringBuilder sb = new StringBuilder(name);
                for (int i = 0; i < digits; i++) {
                    sb.append(rnd.nextInt(10));
                }
                name = sb.toString();
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }

    /** One draw of adjective_surname, never "boring_wozniak" (Steve Wozniak is not boring). */
    static String randomName(RandomGenerator rnd) {
        while (true) {
            String name = ADJECTIVES.get(rnd.nextInt(ADJECTIVES.size())) + "_"
                    + SURNAMES.get(rnd.nextInt(SURNAMES.size()));
            if (!name.equals("boring_wozniak")) {
                return name;
            }
        }
    }

    /** podman's rule for --name (libpod's NameRegex); callers report {@link #INVALID_NAME_MESSAGE}. */
    public static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }
}
