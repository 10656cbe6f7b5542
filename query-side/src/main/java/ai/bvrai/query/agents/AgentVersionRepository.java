package ai.bvrai.query.agents;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

interface AgentVersionRepository extends JpaRepository<AgentVersionEntity, AgentVersionEntity.Key> {

    List<AgentVersionEntity> findByAgentIdAndOrganizationIdOrderByVersion(String agentId, String organizationId);

    Optional<AgentVersionEntity> findByAgentIdAndOrganizationIdAndVersion(String agentId, String organizationId, int version);
}
