package ai.bvrai.query.calls;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface CallTurnRepository extends JpaRepository<CallTurnEntity, CallTurnEntity.Key> {

    /** The transcript in spoken order. */
    List<CallTurnEntity> findByCallIdOrderByStartedAtMsAscSequenceAsc(String callId);
}
