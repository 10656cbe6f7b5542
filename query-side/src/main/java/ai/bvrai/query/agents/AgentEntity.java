package ai.bvrai.query.agents;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentStatus;
import ai.bvrai.api.agent.AgentView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

@Entity
@Table(name = "agent_view")
class AgentEntity {

    @Id
    private String agentId;
    private String organizationId;
    private String name;
    @Enumerated(EnumType.STRING)
    private AgentStatus status;
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class) // a record: replaced, never changed in place, so no deep snapshot copies
    @Column(columnDefinition = "jsonb")
    private AgentConfiguration configuration;
    private Integer latestVersion;
    private long revision;
    private Instant createdAt;
    private Instant updatedAt;

    protected AgentEntity() {
    }

    AgentEntity(String agentId, String organizationId, AgentConfiguration configuration, Instant createdAt) {
        this.agentId = agentId;
        this.organizationId = organizationId;
        this.status = AgentStatus.DRAFT;
        this.createdAt = createdAt;
        configure(configuration);
    }

    void configure(AgentConfiguration configuration) {
        this.configuration = configuration;
        this.name = configuration.name();
    }

    void published(int version) {
        this.latestVersion = version;
        this.status = AgentStatus.PUBLISHED;
    }

    void archived() {
        this.status = AgentStatus.ARCHIVED;
    }

    void restored() {
        this.status = latestVersion == null ? AgentStatus.DRAFT : AgentStatus.PUBLISHED;
    }

    /** Whether the event at this revision is new to the read model (redelivered events are skipped). */
    boolean isBehind(long eventRevision) {
        return revision < eventRevision;
    }

    void touched(long eventRevision, Instant at) {
        this.revision = eventRevision;
        this.updatedAt = at;
    }

    String organizationId() {
        return organizationId;
    }

    AgentView toView() {
        return new AgentView(agentId, status, configuration, latestVersion, revision, createdAt, updatedAt);
    }
}
