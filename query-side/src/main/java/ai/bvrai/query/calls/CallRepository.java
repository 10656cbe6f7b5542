package ai.bvrai.query.calls;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.Optional;

interface CallRepository extends JpaRepository<CallEntity, String>, JpaSpecificationExecutor<CallEntity> {

    Optional<CallEntity> findByCallIdAndOrganizationId(String callId, String organizationId);
}
