package ai.bvrai.query.calls;

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

    /** The number of matching calls, but at most {@code bound}. */
    @Transactional(readOnly = true)
    long countUpTo(Specification<CallEntity> filter, int bound) {
        CriteriaBuilder cb = entities.getCriteriaBuilder();
        CriteriaQuery<String> query = cb.createQuery(String.class);
        Root<CallEntity> call = query.from(CallEntity.class);
        query.select(call.get("callId")).where(filter.toPredicate(call, query, cb));
        return entities.createQuery(query).setMaxResults(bound).getResultList().size();
    }
}
