package ai.bvrai.query.agents;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentVersionView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "agent_version_view")
@IdClass(AgentVersionEntity.Key.class)
class AgentVersionEntity {

    @Id
    private String agentId;
    @Id
    private int version;
    private String organizationId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // a record: replaced, never changed in place, so no deep snapshot copies
    @Column(columnDefinition = "jsonb")
    private AgentConfiguration configuration;
    private Instant publishedAt;
    private String publishedBy;

    protected AgentVersionEntity() {
    }

    AgentVersionEntity(String agentId, int version, String organizationId, AgentConfiguration configuration,
                       Instant publishedAt, String publishedBy) {
        this.agentId = agentId;
        this.version = version;
        this.organizationId = organizationId;
        this.configuration = configuration;
        this.publishedAt = publishedAt;
        this.publishedBy = publishedBy;
    }

    AgentVersionView toView() {
        return new AgentVersionView(agentId, version, configuration, publishedAt, publishedBy);
    }

    record Key(String agentId, int version) implements Serializable {
        Key() {
            this(null, 0);
        }
    }
}
