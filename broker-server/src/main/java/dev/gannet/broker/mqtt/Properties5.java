package dev.gannet.broker.mqtt;

import dev.gannet.broker.message.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;

import java.util.ArrayList;
import java.util.List;

/** Typed reads of decoded MQTT 5 properties; absent properties read as null. */
final class Properties5 {

    private Properties5() {
    }

    static Integer integer(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : (Integer) property.value();
    }

    /** A four-byte integer property, which MQTT defines as unsigned. */
    static Long unsigned(MqttProperties properties, int id) {
        Integer value = integer(properties, id);
        return value == null ? null : Integer.toUnsignedLong(value);
    }

    static String string(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : (String) property.value();
    }

    static byte[] binary(MqttProperties properties, int id) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(id);
        return property == null ? null : (byte[]) property.value();
    }

    /** The user properties in the order they were sent, duplicates included. */
    static List<UserProperty> userProperties(MqttProperties properties) {
        List<UserProperty> out = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(MqttProperties.USER_PROPERTY)) {
            MqttProperties.StringPair pair = (MqttProperties.StringPair) property.value();
            out.add(new UserProperty(pair.key, pair.value));
        }
        return out;
    }

    static List<Integer> integers(MqttProperties properties, int id) {
        List<Integer> out = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> property : properties.getProperties(id)) {
            out.add((Integer) property.value());
        }
        return out;
    }
}
