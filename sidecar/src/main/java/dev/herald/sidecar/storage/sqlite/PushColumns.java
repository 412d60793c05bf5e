package dev.herald.sidecar.storage.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.dialects.OutboundPush;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/** How a push is written to and read from the columns of {@link DeliveryTable#PUSH_COLUMN_NAMES}. */
final class PushColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private PushColumns() {
    }

    /** Binds parameters 1 to 13 in the order of {@link DeliveryTable#PUSH_COLUMN_NAMES}. */
    static void bind(PreparedStatement ps, String id, String eventId, OutboundPush push, String orderKey) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, eventId);
        ps.setString(3, push.dialect());
        ps.setString(4, push.bucket());
        ps.setString(5, push.ruleId());
        ps.setString(6, push.eventId());
        ps.setString(7, push.targetUrl());
        ps.setString(8, push.method());
        ps.setString(9, push.contentType());
        ps.setBytes(10, push.body());
        ps.setString(11, push.signingKey());
        ps.setString(12, push.headers().isEmpty() ? null : writeHeaders(push.headers()));
        ps.setString(13, orderKey);
    }

    /** The push from columns 1 to 12 of a row selected in the order of {@link DeliveryTable#PUSH_COLUMN_NAMES}. */
    static OutboundPush read(ResultSet rs) throws SQLException {
        return new OutboundPush(rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getBytes(10), rs.getString(11), rs.getString(6),
                readHeaders(rs.getString(12)));
    }

    static void setStatus(PreparedStatement ps, int index, Integer status) throws SQLException {
        if (status == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, status);
        }
    }

    static Integer status(ResultSet rs, int column) throws SQLException {
        Number status = (Number) rs.getObject(column);
        return status == null ? null : status.intValue();
    }

    private static String writeHeaders(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers of strings always serialize", e);
        }
    }

    private static Map<String, String> readHeaders(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored push headers are not a JSON object", e);
        }
    }
}
