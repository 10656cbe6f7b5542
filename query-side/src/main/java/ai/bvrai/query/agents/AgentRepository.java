package ai.bvrai.query.agents;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Optional;

interface AgentRepository extends JpaRepository<AgentEntity, String>, JpaSpecificationExecutor<AgentEntity> {

    Optional<AgentEntity> findByAgentIdAndOrganizationId(String agentId, String organizationId);
}
