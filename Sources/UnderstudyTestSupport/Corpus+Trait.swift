import Testing

extension Trait where Self == ConditionTrait {
    /// For tests that read the corpus: outside CI, without it, they are skipped and say why (scripts/test
    /// counts them in its summary); under `CI=true` they always run, so a missing corpus fails them.
    public static var needsCorpus: Self {
        .enabled(if: Corpus.testsRun, Comment(rawValue: Corpus.skipReason))
    }
}
