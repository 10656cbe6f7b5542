package ai.bvrai.query.calls;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages of the calls list without an exact {@code count(*)}: with a million calls in an organization the count cost
 * ~150 ms of a 160 ms list query (docs/benchmarks.md), while a page itself costs under a millisecond. The total is
 * counted up to a bound instead, by reading at most that many ids from the index.
 */
@Component
class CallPages {

    private final EntityManager entities;

    CallPages(EntityManager entities) {
        this.entities = entities;
    }

    @Transactional(readOnly = true)
    List<CallEntity> page(Specification<CallEntity> filterAndOrder, int page, int size) {
        CriteriaBuilder cb = entities.getCriteriaBuilder();
        CriteriaQuery<CallEntity> query = cb.createQuery(CallEntity.class);
        Root<CallEntity> call = query.from(CallEntity.class);
        query.where(filterAndOrder.toPredicate(call, query, cb));
        return entities.createQuery(query).setFirstResult(page * size).setMaxResults(size).getResultList();
    }

    /**
     * The number of matching calls, but at most {@code bound}. It reads {@code requested_at}, which every index of
     * {@code call_view} holds behind the organization (and agent or status), so PostgreSQL counts from the index
     * alone; reading the call id made it scan the table for one agent's calls (72 ms against 5 ms at a million).
     */
    @Transactional(readOnly = true)
    long countUpTo(Specification<CallEntity> filter, int bound) {
        CriteriaBuilder cb = entities.getCriteriaBuilder();
        CriteriaQuery<Instant> query = cb.createQuery(Instant.class);
        Root<CallEntity> call = query.from(CallEntity.class);
        query.select(call.get("requestedAt")).where(filter.toPredicate(call, query, cb));
        return entities.createQuery(query).setMaxResults(bound).getResultList().size();
    }
}
