package io.peapod.core;

import io.peapod.json.JsonReader;
import io.peapod.json.JsonWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The network state file kept naming exactly what is set up while networks come and go. */
class NetworkStateEditTest {
    private static final String INFO_A = "{\"name\":\"a\",\"id\":\"1\",\"driver\":\"bridge\"}";
    private static final String INFO_B = "{\"name\":\"b\",\"id\":\"2\",\"driver\":\"bridge\"}";
    private static final String PORTS = "[{\"host_ip\":\"127.0.0.1\",\"container_port\":80,\"host_port\":18555,\"range\":1,\"protocol\":\"tcp\"}]";

    private static String request(String nets, String info) {
        return "{\"container_id\":\"c1\",\"container_name\":\"n\",\"port_mappings\":" + PORTS + ",\"networks\":{" + nets
                + "},\"network_info\":{" + info + "}}";
    }

    private static final String NET_A = "\"a\":{\"static_ips\":[\"10.0.0.2\"],\"aliases\":[\"c1\"],\"interface_name\":\"eth0\"}";
    private static final String NET_B = "\"b\":{\"static_ips\":[\"10.0.1.2\"],\"aliases\":[\"c1\"],\"interface_name\":\"eth1\"}";
    private static final String STATUS_A = "\"a\":{\"dns_search_domains\":[],\"dns_server_ips\":[],\"interfaces\":{\"eth0\":"
            + "{\"mac_address\":\"aa:aa:aa:aa:aa:aa\",\"subnets\":[{\"gateway\":\"10.0.0.1\",\"ipnet\":\"10.0.0.2/24\"}]}}}";
    private static final String STATUS_B = "\"b\":{\"interfaces\":{\"eth1\":{\"mac_address\":\"bb:bb:bb:bb:bb:bb\","
            + "\"subnets\":[{\"gateway\":\"10.0.1.1\",\"ipnet\":\"10.0.1.2/24\"}]}}}";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String s) {
        return (Map<String, Object>) JsonReader.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> stateWithA() {
        return json("{\"netns\":\"netns-x\",\"request\":" + request(NET_A, "\"a\":" + INFO_A) + ",\"status\":{" + STATUS_A + "}}");
    }

    @Test
    void theFirstFreeEthN() {
        assertThat(NetworkStateEdit.freeInterfaceName(List.of())).isEqualTo("eth0");
        assertThat(NetworkStateEdit.freeInterfaceName(List.of("eth0", "eth2"))).isEqualTo("eth1");
        assertThat(NetworkStateEdit.freeInterfaceName(List.of("eth1"))).isEqualTo("eth0");
    }

    @Test
    void connectingAddsTheNetworkToTheRequestAndItsAnswerToTheStatus() {
        byte[] one = request(NET_B, "\"b\":" + INFO_B).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> pending = NetworkStateEdit.withRequest(stateWithA(), one);
        Map<String, Object> done = NetworkStateEdit.withStatus(pending, ("{" + STATUS_B + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(done).isEqualTo(json("{\"netns\":\"netns-x\",\"request\":" + request(NET_A + "," + NET_B,
                "\"a\":" + INFO_A + ",\"b\":" + INFO_B) + ",\"status\":{" + STATUS_A + "," + STATUS_B + "}}"));
        assertThat(NetworkStateEdit.networks(done).keySet()).containsExactly("a", "b");
    }

    @Test
    void aStateWithoutARequestTakesTheWholeOne() {
        byte[] one = request(NET_B, "\"b\":" + INFO_B).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> state = NetworkStateEdit.withRequest(json("{\"netns\":\"netns-x\"}"), one);
        assertThat(state.get("request")).isEqualTo(json(request(NET_B, "\"b\":" + INFO_B)));
    }

    @Test
    void disconnectingTearsDownThatNetworkAloneAndForgetsIt() {
        Map<String, Object> both = json("{\"netns\":\"netns-x\",\"request\":" + request(NET_A + "," + NET_B,
                "\"a\":" + INFO_A + ",\"b\":" + INFO_B) + ",\"status\":{" + STATUS_A + "," + STATUS_B + "}}");
        assertThat(json(new String(NetworkStateEdit.requestFor(both, "b"), StandardCharsets.UTF_8)))
                .isEqualTo(json(request(NET_B, "\"b\":" + INFO_B)));
        assertThat(NetworkStateEdit.requestFor(both, "c")).isNull();
        assertThat(NetworkStateEdit.without(both, "b")).isEqualTo(stateWithA());
        assertThat(both.get("status").toString()).contains("bb:bb");   // the argument is left alone
    }

    @Test
    void reloadAsksForTheAddressesAndMacTheInterfaceHasNow() {
        Map<String, Object> state = stateWithA();
        Map<String, Object> reload = NetworkStateEdit.reloadRequest(state);
        assertThat(new String(JsonWriter.write(reload.get("networks"), false), StandardCharsets.UTF_8)).isEqualTo(
                "{\"a\":{\"static_ips\":[\"10.0.0.2\"],\"aliases\":[\"c1\"],\"static_mac\":\"aa:aa:aa:aa:aa:aa\","
                        + "\"interface_name\":\"eth0\"}}");
        assertThat(reload.get("port_mappings")).isEqualTo(json(request(NET_A, "")).get("port_mappings"));
    }
}
