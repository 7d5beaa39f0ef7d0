package io.peapod.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test class whose every test gets a store of its own ({@link NetworkedPeapod}: busybox imported, its own
 * network config directory), removed with its containers, pods and networks after the test.
 */
abstract class NetworkedStoreTest {
    NetworkedPeapod store;
    Peapod peapod;

    @BeforeEach
    void openStore() throws Exception {
        store = new NetworkedPeapod();
        peapod = store.peapod;
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    /** peapod on this test's store. */
    Peapod.Result run(String... args) {
        return store.run(args);
    }

    /** {@link #run}, asserting exit 0. */
    Peapod.Result ok(String... args) {
        return store.ok(args);
    }
}
