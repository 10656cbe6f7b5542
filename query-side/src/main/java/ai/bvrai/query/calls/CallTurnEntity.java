package ai.bvrai.query.calls;

import ai.bvrai.api.call.CallTurnView;
import ai.bvrai.api.call.Speaker;
import ai.bvrai.api.call.TurnLatency;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;

@Entity
@Table(name = "call_turn_view")
@IdClass(CallTurnEntity.Key.class)
class CallTurnEntity {

    @Id
    private String callId;
    @Id
    @Enumerated(EnumType.STRING)
    private Speaker speaker;
    @Id
    private int turn;
    private String text;
    private boolean interrupted;
    private long startedAtMs;
    private long endedAtMs;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private TurnLatency latency;
    /** The event's sequence number: the order the turns were recorded in, to break ties of equal start times. */
    private long sequence;

    protected CallTurnEntity() {
    }

    CallTurnEntity(String callId, Speaker speaker, int turn, String text, boolean interrupted, long startedAtMs,
                   long endedAtMs, TurnLatency latency, long sequence) {
        this.callId = callId;
        this.speaker = speaker;
        this.turn = turn;
        this.text = text;
        this.interrupted = interrupted;
        this.startedAtMs = startedAtMs;
        this.endedAtMs = endedAtMs;
        this.latency = latency;
        this.sequence = sequence;
    }

    TurnLatency latency() {
        return latency;
    }

    CallTurnView toView() {
        return new CallTurnView(speaker, turn, text, interrupted, startedAtMs, endedAtMs, latency);
    }

    record Key(String callId, Speaker speaker, int turn) implements Serializable {
        Key() {
            this(null, null, 0);
        }
    }
}
