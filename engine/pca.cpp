#include "engine/pca.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

// Reference BLAS interface (OpenBLAS provides it, with runtime CPU dispatch).
extern "C" {
void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* beta, double* c, const int* ldc);
void dgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const double* alpha, const double* a, const int* lda, const double* b, const int* ldb,
            const double* beta, double* c, const int* ldc);
}

namespace mllab {
namespace {

constexpr std::size_t kRowBlock = 32768; // rows per BLAS call, between cancellation checks

void checkInputs(const PcaParams& p)
{
    const std::size_t d = p.columns.size();
    if (d == 0)
        throw InputError("PCA needs at least one numeric feature column");
    if (!p.names.empty() && p.names.size() != d)
        throw InputError("PCA got " + std::to_string(p.names.size()) + " feature names for " +
                         std::to_string(d) + " columns");
    const std::size_t n = p.columns[0].size();
    for (std::size_t j = 0; j < d; ++j) {
        const std::string name =
            p.names.empty() ? "column " + std::to_string(j + 1) : "column '" + p.names[j] + "'";
        if (p.columns[j].size() != n)
            throw InputError(name + " has " + std::to_string(p.columns[j].size()) +
                             " values; the first has " + std::to_string(n));
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(p.columns[j][i]))
                throw InputError(name + " has a NaN or infinite value at row " +
                                 std::to_string(i + 1));
    }
    if (n < 2)
        throw InputError("PCA needs at least 2 rows (got " + std::to_string(n) + ")");
    if (n > std::size_t(std::numeric_limits<int>::max()))
        throw InputError("PCA supports at most 2^31 - 1 rows");
    if (p.components > std::min(n, d))
        throw InputError(
            "components must be at most min(rows, features) = " + std::to_string(std::min(n, d)) +
            " (got " + std::to_string(p.components) + ")");
}

/// Copies the columns into X, centred and optionally scaled; fills mean and scale.
Eigen::MatrixXd centredMatrix(const PcaParams& p, PcaResult& r)
{
    const std::size_t n = r.samples, d = r.features;
    Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
    r.mean.resize(d);
    r.scale.assign(d, 1.0);
    for (std::size_t j = 0; j < d; ++j) {
        const Eigen::Map<const Eigen::VectorXd> column(p.columns[j].data(), Eigen::Index(n));
        const double mean = column.mean();
        auto out = x.col(Eigen::Index(j));
        out = column.array() - mean;
        r.mean[j] = mean;
        if (p.standardize) {
            const double sd = std::sqrt(out.squaredNorm() / double(n));
            if (sd > 0) {
                out /= sd;
                r.scale[j] = sd;
            }
        }
    }
    return x;
}

/// X^T X, accumulated over row blocks with BLAS syrk (lower triangle, then mirrored).
Eigen::MatrixXd scatterMatrix(const Eigen::MatrixXd& x, const Progress& progress)
{
    const int d = int(x.cols()), lda = int(x.rows());
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(d, d);
    const double alpha = 1.0, beta = 1.0;
    for (Eigen::Index start = 0; start < x.rows(); start += Eigen::Index(kRowBlock)) {
        progress.checkCancelled();
        const int rows = int(std::min<Eigen::Index>(Eigen::Index(kRowBlock), x.rows() - start));
        dsyrk_("L", "T", &d, &rows, &alpha, x.data() + start, &lda, &beta, c.data(), &d);
    }
    c.triangularView<Eigen::StrictlyUpper>() = c.transpose();
    return c;
}

/// svd_flip (u-based) without the n x k score matrix: the scores X V go through one cache-sized
/// block buffer (BLAS gemm per row block), each component's score of largest magnitude is
/// tracked (the first such row, as numpy's argmax), and that score's sign is made positive by
/// flipping the component. The scores of the first `projected` components are kept, flipped
/// alike, as the projection.
void flipSignsAndProject(const Eigen::MatrixXd& x, Eigen::MatrixXd& v, int k, int projected,
                         std::vector<std::vector<double>>& projection, const Progress& progress)
{
    constexpr int kScoreBlock = 4096; // rows of scores held at once
    const int d = int(x.cols()), n = int(x.rows()), ldv = int(v.rows());
    Eigen::MatrixXd s(kScoreBlock, k);
    std::vector<double> largest(std::size_t(k), -1.0), signedLargest(std::size_t(k), 0.0);
    projection.assign(std::size_t(projected), std::vector<double>(std::size_t(n)));
    const double alpha = 1.0, beta = 0.0;
    for (int start = 0; start < n; start += kScoreBlock) {
        if (start % int(kRowBlock) == 0)
            progress.checkCancelled();
        const int rows = std::min(kScoreBlock, n - start);
        dgemm_("N", "N", &rows, &k, &d, &alpha, x.data() + start, &n, v.data(), &ldv, &beta,
               s.data(), &kScoreBlock);
        for (int c = 0; c < k; ++c) {
            const double* col = s.data() + std::ptrdiff_t(c) * kScoreBlock;
            double best = largest[std::size_t(c)], bestSigned = signedLargest[std::size_t(c)];
            for (int i = 0; i < rows; ++i) {
                if (std::abs(col[i]) > best) {
                    best = std::abs(col[i]);
                    bestSigned = col[i];
                }
            }
            largest[std::size_t(c)] = best;
            signedLargest[std::size_t(c)] = bestSigned;
            if (c < projected)
                std::copy(col, col + rows, projection[std::size_t(c)].begin() + start);
        }
    }
    for (int c = 0; c < k; ++c) {
        if (signedLargest[std::size_t(c)] >= 0)
            continue;
        v.col(c) = -v.col(c);
        if (c < projected)
            for (double& value : projection[std::size_t(c)])
                value = -value;
    }
}

} // namespace

std::size_t elbowIndex(const std::vector<double>& values)
{
    const std::size_t m = values.size();
    if (m < 3)
        return 0;
    const double first = values.front(), last = values.back();
    const double span = first - last;
    if (!(span > 0))
        return 0;
    std::size_t best = 0;
    double bestGap = 0;
    for (std::size_t i = 1; i + 1 < m; ++i) {
        const double x = double(i) / double(m - 1);
        const double y = (values[i] - last) / span;
        const double gap = (1.0 - x) - y; // chord from (0, 1) to (1, 0) minus the curve
        if (gap > bestGap) {
            bestGap = gap;
            best = i;
        }
    }
    return best;
}

PcaResult computePca(const PcaParams& params, const Progress& progress)
{
    checkInputs(params);
    PcaResult r;
    r.samples = params.columns[0].size();
    r.features = params.columns.size();
    r.names = params.names;
    if (r.names.empty())
        for (std::size_t j = 0; j < r.features; ++j)
            r.names.push_back("x" + std::to_string(j + 1));
    const std::size_t n = r.samples, d = r.features;
    const std::size_t rank = std::min(n, d);
    const std::size_t keep = params.components ? params.components : rank;

    const Eigen::MatrixXd x = centredMatrix(params, r);
    progress.update(0.2, "decomposing");
    r.solver = params.solver;
    if (r.solver == PcaSolver::Auto)
        r.solver = n >= 10 * d ? PcaSolver::Covariance : PcaSolver::Svd;

    Eigen::VectorXd singular(static_cast<Eigen::Index>(rank));
    Eigen::MatrixXd v; // d x rank, columns = components, descending
    if (r.solver == PcaSolver::Covariance) {
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(scatterMatrix(x, progress));
        if (eig.info() != Eigen::Success)
            throw InputError("PCA: the eigendecomposition did not converge");
        // Ascending eigenvalues; keep the top `rank` in descending order.
        v.resize(Eigen::Index(d), Eigen::Index(rank));
        for (std::size_t k = 0; k < rank; ++k) {
            const Eigen::Index src = Eigen::Index(d - 1 - k);
            singular[Eigen::Index(k)] = std::sqrt(std::max(0.0, eig.eigenvalues()[src]));
            v.col(Eigen::Index(k)) = eig.eigenvectors().col(src);
        }
    } else {
        progress.checkCancelled();
        const Eigen::BDCSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinV);
        singular = svd.singularValues().head(Eigen::Index(rank));
        v = svd.matrixV().leftCols(Eigen::Index(rank));
    }
    progress.update(0.6, "scores and signs");

    // svd_flip (u-based): the score of largest magnitude in each component is positive.
    flipSignsAndProject(x, v, int(keep), int(std::min(keep, params.projectionComponents)),
                        r.projection, progress);

    const double dof = double(n - 1);
    double total = 0;
    for (std::size_t k = 0; k < rank; ++k)
        total += singular[Eigen::Index(k)] * singular[Eigen::Index(k)] / dof;
    double cumulative = 0;
    for (std::size_t k = 0; k < keep; ++k) {
        const double sv = singular[Eigen::Index(k)];
        const double variance = sv * sv / dof;
        const double ratio = total > 0 ? variance / total : 0.0;
        cumulative += ratio;
        r.singularValues.push_back(sv);
        r.explainedVariance.push_back(variance);
        r.explainedVarianceRatio.push_back(ratio);
        r.cumulativeRatio.push_back(cumulative);
        const auto comp = v.col(Eigen::Index(k));
        r.components.emplace_back(comp.data(), comp.data() + d);
    }
    r.componentsFor95 =
        std::size_t(std::upper_bound(r.cumulativeRatio.begin(), r.cumulativeRatio.end(), 0.95) -
                    r.cumulativeRatio.begin()) +
        1;
    r.componentsFor95 = std::min(r.componentsFor95, keep);
    r.elbow = elbowIndex(r.explainedVarianceRatio);
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab
