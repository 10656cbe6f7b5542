package ai.bvrai.infra.axon;

import ai.bvrai.api.error.DomainException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Turns a {@link DomainException} into a {@link CommandExecutionException} whose details are the
 * serializable {@link ai.bvrai.api.error.ErrorDetails}, so callers see the same error whether the
 * handler ran in this JVM or behind Axon Server.
 */
class DomainExceptionInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (DomainException e) {
            throw new CommandExecutionException(e.getMessage(), null, e.details());
        }
    }
}
