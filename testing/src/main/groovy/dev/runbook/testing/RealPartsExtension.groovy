package dev.runbook.testing

import org.spockframework.runtime.extension.IGlobalExtension
import org.spockframework.runtime.model.FeatureInfo
import org.spockframework.runtime.model.SpecInfo

/**
 * Under {@code runbook test --real}, decides before a runbook spec's feature starts (before its {@code setup()}, and
 * outside its {@code when:} block, where {@code thrown()} would catch the skip) whether it runs against the real parts,
 * is skipped, or fails for want of an endpoint ({@link RealPartsMode#forFeature}). Does nothing without {@code --real},
 * and nothing to specs that are not {@link RunbookSpecification}s. Registered in
 * {@code META-INF/services/org.spockframework.runtime.extension.IGlobalExtension}.
 */
class RealPartsExtension implements IGlobalExtension {
    @Override
    void visitSpec(SpecInfo spec) {
        if (!RunbookSpecification.isAssignableFrom(spec.reflection)) return
        spec.allFeatures.each { FeatureInfo feature ->
            feature.addInterceptor { invocation ->
                RealPartsMode.forFeature(spec.reflection, feature.featureMethod.reflection, System.getenv())
                invocation.proceed()
            }
        }
    }
}
