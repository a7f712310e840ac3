<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About MLLab</source>
        <translation>Acerca de MLLab</translation>
    </message>
    <message>
        <source>A desktop lab for AI/ML interview study, classroom demonstration and hands-on exploration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eigen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivationsView</name>
    <message>
        <source>Activation f(x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Derivative f′(x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where f′ is below the threshold (saturated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation functions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>f(x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>f′(x)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saturation threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where f′ is below %1 (dashed), a gradient passing back through the unit shrinks at least %2-fold; stacked, such layers make gradients vanish. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; saturates most (%2 % of the interval), &lt;b&gt;%3&lt;/b&gt; least (%4 %). </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sigmoid&apos;s slope never exceeds %1: even unsaturated it shrinks gradients %2-fold per layer. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU passes gradients unchanged for x &gt; 0 and not at all for x &lt; 0: a unit stuck there is dead. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s slope dips to %2 near x = %3: it is not monotonic. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> saturated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppOptions</name>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the lab with this id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window to a PNG once the lab has computed, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window size for --screenshot [1280x800].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-interface language (de, es, en).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a lab parameter (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load questions from this folder instead of the built-in bank.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the question bank as JSON and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MLLab: a desktop lab for AI/ML interview study.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size needs WIDTHxHEIGHT, e.g. 1920x1080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--set needs KEY=VALUE, got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the question with this id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep study data in this SQLite file instead of the app data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start in this mode: browse, review, mock, mock-session (a mock interview already started) or dashboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill an empty study database with a sample three-week history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--mode needs one of %1, got &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours: light or dark instead of the desktop&apos;s palette.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the labs and the questions each illustrates as JSON and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the parameters of the lab given by --lab as JSON and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the lab&apos;s full state (with --set, a link or a state file) as JSON and exit, without computing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lab link (mllab://lab/ID?key=value&amp;hide=k1,k2) or a lab state file (*.mllab).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--palette needs light or dark, got &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--describe needs a lab (--lab ID).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without showing a window, compute the lab state (--lab, --set, a link or a state file) or every step of --lesson and write into DIR, per state NN: NN-LAB.png of the lab, NN-LAB-CHART.png and .csv per chart, and NN-LAB.mllab; then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson (*.mllab-lesson) and play it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start in presentation mode (large chart text, lab only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export-dir needs a lab state (--lab ID, a link or a state file) or --lesson FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lesson brings its own lab states: leave out --lab, --set and LINK|FILE.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttentionHeatmap</name>
    <message>
        <source>Query %1 “%2” cannot see key %3 “%4”: it comes later, and the causal mask sets the weight to 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query %1 “%2” → key %3 “%4”
weight %5 (%6 % of the row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys: the tokens attended to →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queries: the token looking back ↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked:
later
tokens

colour ∝
√weight</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>Heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 context tokens
d_k = %3 per head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt has %1 tokens but the model&apos;s context holds %2: the first %3 were dropped, and the maps show the last %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1, mean over heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1, head %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean row entropy: &lt;b&gt;%1 bits&lt;/b&gt; with 1/√d_k, &lt;b&gt;%2 bits&lt;/b&gt; without (uniform: %3 bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to open this map in the heatmap tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1 · %2 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean · %1 bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every head of layer %1 (%2), mean row entropy in each title. Click one to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with 1/√d_k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>without 1/√d_k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention weights, %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (without 1/√d_k)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean row entropy (bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean row entropy per head (uniform: %1 bits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of the rows put their largest weight on the token just before the query: a previous-token pattern. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of the rows put their largest weight on the first token, a common &quot;attention sink&quot; when nothing else is relevant. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of the rows attend most to the query token itself. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In %1 the rows spread over %2 bits on average (uniform would be %3). %4Drop the 1/√d_k (d_k = %5) and the same scores come out %6× larger: the softmax saturates to %7 bits, nearly one-hot rows whose gradients vanish. Every row sums to 1 and nothing above the diagonal is seen: the causal mask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The prompt was cut: only the last %1 tokens fit the context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BiasVarianceView</name>
    <message>
        <source>sin(πx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4x³ − 3x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step at 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k-NN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fitted curves on independent training sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected test error = bias² + variance + noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double descent with random Fourier features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fits &amp;&amp; error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>degree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias-variance: %1 training sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Set a noise level above 0&lt;/b&gt; to see learning curves: the diagnosis compares the errors with the noise floor σ².</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 = %3: fits on %4 of %5 training sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polynomial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fitted curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one training set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true f(x) = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>polynomial degree (more complex →)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>neighbours k (more complex →)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MSE (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bias²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noise σ²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test error (measured)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chosen %1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sweet spot (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bias² (where resolved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning curves, %1 = %2 (%3 training sets per size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training-set size n (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean squared error (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noise floor σ²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current n = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training error ± 1 sd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation error ± 1 sd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at n = %1: training %2, validation %3, noise floor σ² = %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good fit: validation error is within 25% of the noise floor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High bias: both errors sit well above the noise floor and close together; more data will not help, a more flexible model will</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High variance: validation error is far above training error; more data, a simpler model or a ridge penalty will help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum-norm random-feature fits, n = %1, %2 trials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of random features p (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test mean squared error (log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test error, middle half of trials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test error (median)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interpolation threshold p = n = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test error (median, band: middle half)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training error (0 past p = n: on the axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (± %2, unresolved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the sweet spot: bias² and variance are balanced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too simple: bias² dominates, every fit misses the curve the same way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too flexible: variance dominates, the fits chase each training set&apos;s noise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1 = %2, bias² %3 + variance %4 + noise %5 = %6; the test error measured with fresh noise is %7 (± %8). %9 The sweet spot is %1 = %10.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>. The gap between the curves is variance; the height of their plateau above σ² is bias.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the test error peaks at p = %1 features, next to the interpolation threshold p = n = %2, where the fit must pass through every noisy point and the solution&apos;s norm explodes (median ||w|| = %3). Beyond it the minimum-norm solution gets smoother again and the error descends a second time, to %4 at p = %5. A ridge penalty removes the peak.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Here the best error of all lies beyond the threshold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test MSE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalibrationView</name>
    <message>
        <source>Before (T = 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After scaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calibration lab: training and temperature scaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted probability of class 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confidence (top-class probability)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fraction of class 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>observed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ideal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bin means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ECE %2, MCE %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows per bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After (T = %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; accuracy %2 on %3 test rows. The temperature fitted on %4 validation rows is T = %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T &gt; 1: the model was overconfident (its bars sit below the diagonal); dividing the logits by T softens the probabilities, ECE falls from %1 to %2 and NLL from %3 to %4, and the accuracy stays the same because the ranking does not change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T &lt; 1: the model was underconfident; scaling sharpens its probabilities (ECE %1 → %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T ≈ 1: the model is already well calibrated (ECE %1). Try the MLP with more epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brier (top label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;&lt;th&gt;before&lt;/th&gt;&lt;th&gt;after&lt;/th&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;ECE&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%1&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;MCE&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%3&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;%5&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%6&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%7&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;NLL&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%8&lt;/td&gt;&lt;td align=&apos;right&apos;&gt;%9&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;T = %10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the probabilities in %1 (T fitted on the even rows, tested on the odd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an MLP trained %1 epochs without regularisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logistic regression (%1 epochs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 rows (%3 classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ECE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ECE after</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CentreControl</name>
    <message>
        <source>ŵ₁: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ŵ₂: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChartExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown image format &apos;%1&apos;: use .png, .svg or .pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save data as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save chart data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV data (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixBox</name>
    <message>
        <source>predicted +</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted −</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>actual +</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>actual −</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true positives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>false negatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>false positives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true negatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F-β</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MCC</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConstraintGeometryCanvas</name>
    <message>
        <source>w₁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w₂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ŵ (least squares)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1: |w₁| + |w₂| ≤ t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2: ‖w‖ ≤ t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elastic net, r = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss contours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraint geometry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorpusControl</name>
    <message>
        <source>Question bank (built in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a text file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt *.md);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>&lt;h2&gt;Progress&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R  review due questions   ·   M  mock interview   ·   Esc  back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No study data is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day streak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reviews today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>questions seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reviews in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recalled, last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviews per day, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questions due per day, %1 (today includes overdue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mastery per section: expected recall in %1 days (questions seen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mastery</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>F</name>
    <message>
        <source>the study data is open read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no study data is open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Internal error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error of unknown kind</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobStatusWidget</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the running computation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Key</name>
    <message>
        <source>%1[%2].%3 repeats &apos;%4&apos;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabArea</name>
    <message>
        <source>Choose a lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Restablecer</translation>
    </message>
    <message>
        <source>Restore this lab&apos;s default parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab:</source>
        <translation>Laboratorio:</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>Preguntas:</translation>
    </message>
    <message>
        <source>Open the question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;CSV data (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Error al exportar</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Fijar</translation>
    </message>
    <message>
        <source>Keep this result to compare: newer results are drawn beside it (Ctrl+Shift+P; pinning again replaces it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Soltar</translation>
    </message>
    <message>
        <source>Stop comparing with the pinned result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Save every chart with its data, or the lab as one picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every chart and its data to a folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lab as one picture or CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export lab to a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabExport</name>
    <message>
        <source>Cannot create the folder %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabView</name>
    <message>
        <source>What to notice:</source>
        <translation>Qué observar:</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown export format &apos;%1&apos;: use .png, .svg or .csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the header of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown parameter &apos;%2&apos; (known: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 must be a number from %3 to %4, got &apos;%5&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 must be a whole number from %3 to %4, got &apos;%5&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 must be from %3 to %4, got &apos;%5&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 must be true or false, got &apos;%3&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 must be one of %3, got &apos;%4&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonBar</name>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The step before (PageUp, Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next step (PageDown, Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>The presenter notes, in a window of their own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close lesson</source>
        <translation>Cerrar lección</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · step %2 of %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · no steps yet: Lesson › Add current state as step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Right: %1.&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;The answer: %1&lt;/b&gt; (the class said: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the numbers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;Note for the author: these numbers do not bear the stated answer out (%1).&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>The lesson was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numbers for the explanation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LmTrainingView</name>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished">Cancelar</translation>
    </message>
    <message>
        <source>Cross-entropy while training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (nats per token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bigram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate schedule (×10⁻³)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the corpus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2&lt;br&gt;smoothed train %3 · validation %4 · bigram %5 nats/token&lt;br&gt;%6 tokens/s · ETA %7&lt;br&gt;%8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint saved at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no checkpoint yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checkpoint was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as &lt;b&gt;%1&lt;/b&gt;; it is now in the labs&apos; model pickers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1 steps in %2, %3 tokens/s.&lt;br&gt;%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The best checkpoint so far (step %1) was kept as &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checkpoint was written; earlier models are untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled at step %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>press &lt;b&gt;Start&lt;/b&gt; to train a small GPT on the question bank or your own text. Watch the training loss fall from about ln(vocabulary) – a uniform guess – and the validation loss cross the dashed bigram baseline: from then on the model uses more than the previous token. The learning rate warms up linearly, then decays along a cosine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the training loss fell from %1 to about %2 nats per token; validation ends at %3 (%4 bits per byte). </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It beat the bigram baseline (%1) from step %2 on: the model uses more context than one token. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It has not beaten the bigram baseline (%1) yet: train longer or with a larger learning rate. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation sits %1 nats above training: the model starts to memorise the training split (overfitting); more data, dropout or fewer steps help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train and validation stay close (gap %1 nats): no sign of overfitting yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bits per byte</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>MLLab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Export lab…</source>
        <translation>&amp;Exportar laboratorio…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>Question &amp;browser</source>
        <translation>&amp;Lista de preguntas</translation>
    </message>
    <message>
        <source>Question &amp;text</source>
        <translation>&amp;Texto de la pregunta</translation>
    </message>
    <message>
        <source>&amp;Labs</source>
        <translation>&amp;Laboratorios</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About MLLab</source>
        <translation>&amp;Acerca de MLLab</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>Device: %1 (%2)</source>
        <translation>Dispositivo: %1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n compute device(s) available</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reload content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source># Welcome to MLLab

%n interview question(s) are loaded. Pick one on the left (Ctrl+F searches), or choose a lab on the right: every lab computes on real models and links back to the questions it illustrates.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded %n question(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Content problems (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Study</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Review due questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mock interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Progress dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toggle &amp;bookmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &amp;notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New questions per &amp;day…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New questions per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many new questions may a day&apos;s review bring in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export study data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import study data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Study data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been changed or deleted. What would you like to do?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back up and start fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue &amp;without study data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old file is kept as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Study data: not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Study data: read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmark not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmarked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmark removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export study data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No study data is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Study data exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import study data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data is not open for writing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not imported, and nothing was changed:

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace your study data (%1 reviews) with the file&apos;s %2 reviews, %3 notes and %4 bookmarks?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lab &amp;preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lab preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply lab preset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply lab preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This lab has no saved presets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lab is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset was not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset &apos;%1&apos; no longer fits this lab: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This lab has no preset named &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing study data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Imported %n review(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Open lab state…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save lab state…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy lab &amp;link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lab link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lab state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lab state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab states (*.mllab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lab states (*.mllab);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting study data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing study data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export lab as one &amp;picture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pin result to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L&amp;esson</source>
        <translation>L&amp;ección</translation>
    </message>
    <message>
        <source>&amp;New lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lesson &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add current lab state as &amp;step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move step &amp;earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move step &amp;later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presenter notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lesson.mllab-lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesson has changes that are not saved. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MockInterviewView</name>
    <message>
        <source>Mock interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The interviewer asks each question with a timer running, then one of its follow-ups. Answer out loud or type notes. At the end you assess each answer against the rubric, and the result schedules the question&apos;s next review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From one section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weakest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Questions:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pick:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Section:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time per question:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the interview  (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aim for: the key idea first · a concrete number or example · none of the usual red flags. A follow-up comes next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer out loud, or type notes here. Ctrl+Enter moves on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;1  Stated the key idea</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;2  Gave a concrete number or example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;3  Avoided the red flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;4  Handled the follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and continue  (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rubric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New mock interview  (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the questions  (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No questions match this choice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question %1 of %2  ·  %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“Talk me through: %1.”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: ask the follow-up  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: next question  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: assess my answers  (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assess answer %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key idea (short answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Interview summary&lt;/h2&gt;&lt;p&gt;Rubric: &lt;b&gt;%1 of %2&lt;/b&gt; points  ·  total time %3  ·  average %4 per question.&lt;/p&gt;&lt;p&gt;Each grade has been given to the scheduler: weak answers come back soon in review mode.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: this interview will not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelLibrary</name>
    <message>
        <source>Shipped: tiny GPT trained on the question bank</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>The language model the lab computes with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped tiny GPT</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MonteCarloView</name>
    <message>
        <source>Running estimate of π</source>
        <translation>Estimación acumulada de π</translation>
    </message>
    <message>
        <source>Monte Carlo: %1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>estimación</translation>
    </message>
    <message>
        <source>π</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>±2 standard errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>points drawn n (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimate of π</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with n = %1 points the estimate is %2 ± %3 (one standard error), %4 from π. Every 100× more points shrink the error band about 10×: error ∝ 1/√n.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OptimizersView</name>
    <message>
        <source>Loss per step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Race</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer race</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start (click to move)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is first within 10⁻⁶ of the minimum, after %2 steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No optimizer gets within 10⁻⁶ of the minimum in %1 steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 diverged: the step overshoots further each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With κ = %1, plain SGD is stable only for lr &lt; 2/λmax = %2; at lr %3 it shrinks the distance by %4 per step (at best %5 with lr = 2/(1+κ)); heavy-ball momentum %6 gives %7 (tuned: %8, the √κ speed-up).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measured for SGD: %1 per step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The valley floor is curved and nearly flat while its walls are steep: SGD crawls along it, momentum builds speed, and the adaptive methods rescale each coordinate by its own gradient history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A saddle: the gradient vanishes at (0, 0) but it is no minimum. Start on y = 0 and plain SGD stays on the ridge; gradient noise pushes it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Many local minima: each optimizer settles in the basin its momentum and step size carry it to; gradient noise helps it hop out of shallow ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamControl</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParameterPanel</name>
    <message>
        <source>%1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
</context>
<context>
    <name>PcaView</name>
    <message>
        <source>Scree plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loadings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PCA lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>principal component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of the total variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cumulative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elbow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scree plot: %1 component(s) pass 95 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (first %1 of %2 shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only %1 components: choose lower component numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows on PC%2 and PC%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC%1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: PC1 explains %2 of the variance and is led by %3 (loading %4); %5 component(s) pass 95 %, and the scree plot bends at PC%6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One feature alone makes PC1: its numbers are simply larger (units, not information). Tick Standardise to give every feature the same scale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardised: every feature counts with unit variance, so the result no longer depends on units.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unstandardised: features with large numeric ranges weigh more; compare with Standardise ticked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PC2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinnedResult</name>
    <message>
        <source>pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Pinned&lt;/b&gt; (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dashed lines show the pinned result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictionCover</name>
    <message>
        <source>Reveal  (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the class&apos;s answer (keys 1–4 or a click), then reveal the lab.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>&amp;Presentation</source>
        <translation>&amp;Presentación</translation>
    </message>
    <message>
        <source>Presentation &amp;settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart text %1×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the parameter panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill this window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen on %1 (%2×%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresenterNotes</name>
    <message>
        <source>Presenter notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No step is shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>## Step %1 of %2: %3

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*(no notes)*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>

**The class predicts:** %1

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ← the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>

---
Next: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>MLLab lessons (*.mllab-lesson)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuestionBrowser</name>
    <message>
        <source>Search questions (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any difficulty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>●● Experienced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>●●● Senior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Has a lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>★ Bookmarked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only bookmarked questions, or those whose review is due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n question(s) shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>★ Bookmarked (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due for review (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <source>●○○ core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>●●○ experienced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>●●● senior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Related questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous question (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next question (Alt+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the lab beside the question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in a lab: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadOne</name>
    <message>
        <source>the file has no &quot;%1&quot; list (is it complete?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; should be a list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reader</name>
    <message>
        <source>%1 should be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.%2 is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.%2 is %3; expected %4 to %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.%2 is %3; expected a number of at least 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an ISO 8601 time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.%2 is &apos;%3&apos;, which is not an ISO 8601 time such as 2024-05-01T09:30:00.000Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1.%2 should be %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegularizationView</name>
    <message>
        <source>lasso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coefficient paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error and sparsity along the path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Weight decay is not L2 regularization under Adam&lt;/h3&gt;&lt;p&gt;&lt;b&gt;With plain SGD they coincide.&lt;/b&gt; Adding (λ/2)·‖w‖² to the loss adds λ·w to the gradient, so a step is w ← w − η(g + λw) = (1 − ηλ)·w − η·g: every step first shrinks the weights by the factor 1 − ηλ. That shrinking is what &lt;i&gt;weight decay&lt;/i&gt; means.&lt;/p&gt;&lt;p&gt;&lt;b&gt;With Adam they differ.&lt;/b&gt; Adam divides each coordinate&apos;s step by the square root of its running mean squared gradient. An L2 term puts λ·w inside the gradient, so it is divided too: weights whose gradients have been large are decayed &lt;i&gt;less&lt;/i&gt;, rarely updated weights relatively &lt;i&gt;more&lt;/i&gt;, and the strength of the penalty is tangled with the adaptive scaling and the learning-rate schedule.&lt;/p&gt;&lt;p&gt;&lt;b&gt;AdamW decouples them&lt;/b&gt; (Loshchilov and Hutter, &lt;i&gt;Decoupled Weight Decay Regularization&lt;/i&gt;, ICLR 2019): the decay is applied to the weights directly, w ← w − η·(m/(√v + ε) + λ·w) with m and v Adam&apos;s moment estimates, so every weight shrinks at the same rate whatever its gradient history. λ and η can then be tuned more independently, and it usually generalizes better; it is the standard choice for training transformers.&lt;/p&gt;&lt;p&gt;&lt;b&gt;In PyTorch&lt;/b&gt; &lt;code&gt;torch.optim.Adam(params, weight_decay=λ)&lt;/code&gt; adds λ·w to the gradient (coupled L2), while &lt;code&gt;torch.optim.AdamW(params, weight_decay=λ)&lt;/code&gt; decays the weights directly (default λ = 0.01). A common recipe is AdamW with λ between 0.01 and 0.1, leaving biases and normalization weights undecayed.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Link to this lab:&lt;/b&gt; the L2 circle on the first tab is the constrained view of the same penalty: a larger λ means a smaller budget t. With SGD, weight decay walks the weights toward that circle&apos;s solution; with Adam&apos;s coupled L2 the walk is distorted per coordinate.&lt;/p&gt;&lt;p&gt;Questions: &lt;a href=&quot;question:optimizers-adam-sgd&quot;&gt;Optimizers (Adam vs SGD)&lt;/a&gt; · &lt;a href=&quot;question:regularization-l1-l2&quot;&gt;L1 vs L2 regularization&lt;/a&gt; · &lt;a href=&quot;question:l1-geometry&quot;&gt;L1 geometry and feature selection&lt;/a&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lasso coefficients (standardized features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ridge coefficients (standardized features)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log₁₀ α (stronger penalty →)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coefficient (progression per sd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MSE (progression²) and non-zero coefficients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MSE (progression²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log₁₀ α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>non-zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 = 0 exactly&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w₁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w₂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inside: ŵ itself</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KKT resid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the budget t = %1 is large enough to contain ŵ, so no weight is shrunk; drag t down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with t = %1 the loss ellipse first touches the diamond at a corner, so the L1 optimum %2 has a weight of exactly zero (feature selection), while the L2 optimum %3 keeps both weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with t = %1 the ellipse touches an edge of the diamond, so the L1 optimum %2 keeps both weights; shrink t and it snaps onto an axis once the ellipse reaches a corner first. L2 shrinks both weights smoothly: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Each optimum satisfies the KKT conditions: −∇L lies in ν·∂‖w‖ (residual column).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at α = %1, %2 of %3 coefficients are non-zero (largest: %4); validation MSE %5, best %6 at α = %7. %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lasso drops features one by one as α grows (exact zeros).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ridge shrinks every coefficient but none reaches zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with SGD, L2 and weight decay are the same update; with Adam they are not, which is why AdamW exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constraint geometry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paths (diabetes data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constrained optimum, t = %1, and the %2 path</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>Think it through, or type your answer here (Tab). Ctrl+Enter reveals, Esc leaves the box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal answer  (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deep dive  (D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show me in the lab  (L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn 5 more new questions  (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the questions  (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h2&gt;Study data is not available&lt;/h2&gt;&lt;p&gt;Reviews need the study database; see the message shown at start-up. Browsing and the labs work as usual.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Review&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>*Answer out loud or in the box above, then press **Space** to compare.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New question</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Seen %n time(s), %1 lapse(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;h2&gt;Nothing is due right now&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;h2&gt;Session complete&lt;/h2&gt;&lt;p&gt;%n question(s) reviewed in %1: %2 Again, %3 Hard, %4 Good, %5 Easy.&lt;/p&gt;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Next question due: %1.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Today&apos;s limit of new questions is %1 (Study › New questions per day).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deep dive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
*Press **D** for the deep dive, then grade yourself with **1-4**.*
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide deep dive  (D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Review&lt;/b&gt;  ·  %1 left  ·  %2 done  ·  %3 elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: grades are not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RocView</name>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the threshold to the cost-optimal one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At this threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision–recall curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores per class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics against the threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision–recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC lab: training and scoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>false positive rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true positive rate (recall)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no skill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>least cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ROC curve: AUC %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no skill: prevalence %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision–recall: AP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of the class per bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>negatives (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>positives (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F-β (β = %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: AUC-ROC %2, average precision %3 at a prevalence of %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positives are rare: the ROC curve divides false alarms by the many negatives and still looks good, while precision shows how many alarms are false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the classes rarer with the imbalance slider: AUC-ROC hardly moves, average precision falls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At threshold %1, %2 of %3 flagged rows are positive (precision %4) and %5 of the positives are caught (recall %6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a miss costing %1 false alarms, the cheapest threshold is %2 (green square).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>above every score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the scores in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an MLP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logistic regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 trained on %2 rows and scored on %3 held-out rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AP</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SamplingView</name>
    <message>
        <source>Distribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy decoding, beam search and sampling on the same prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare decoders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Generate to sample a continuation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Compare decoders to continue the prompt three ways.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Natural-log probability of the continuation under the model at T = 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next-token logits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at T = 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after T and filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cumulative (top axis)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability (log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cumulative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy &lt;b&gt;%1 bits&lt;/b&gt; · kept &lt;b&gt;%2&lt;/b&gt; of %3 tokens · top token &lt;b&gt;%4&lt;/b&gt; %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · seed %1 draws &lt;b&gt;%2&lt;/b&gt; (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T = 0 is greedy decoding: all probability goes to %1 (it had %2 at T = 1), so every run writes the same text. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T = 1 is the model&apos;s own distribution: %1 leads with %2, entropy %3 bits. Lower T sharpens it toward the top token; higher T flattens the tail. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T = %1 divides the logits by %1 and %2 the distribution: %3 goes from %4 at T = 1 to %5, the entropy from %6 to %7 bits. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sharpens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flattens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-k %1 keeps the %1 most probable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-p %1 keeps the fewest top tokens reaching %1 of the mass (%2, above the dashed line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min-p %1 drops tokens below %1 × the top token&apos;s probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then %1: %2 of %3 tokens remain, renormalised to sum to 1; sampling picks only those.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No filter is on: all %1 tokens can be drawn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The prompt was longer than the context: its first %1 tokens were dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Generating %n token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: T = %2, top-k %3, top-p %4, min-p %5, seed %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy, beam and sampled decoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
score %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same prompt continued greedily, by beam search (width %1; it ranks by score = log P / tokens^α, α = %2) and by sampling with the current settings. log P is the natural-log probability at T = 1; the highest here is &lt;b&gt;%3&lt;/b&gt;: beam search keeps several candidates, so it can find a sequence greedy decoding missed; sampling trades probability for variety.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after T and the filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cut by top-k, top-p or min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cumulative (top axis), after T and top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-p cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Background: probability the token had when drawn, from the warm tint (low) to the green one (high).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens kept</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Scheduler</name>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Easy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 mo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 y</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepEditor</name>
    <message>
        <source>Edit lesson step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to say and what to point at (Markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the class to predict before the result shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choice %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choice %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right answer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One paragraph; {/result/auc_roc} shows a live number (see mllab-cli lab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One per line, e.g. /result/auc_roc &gt; 0.8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StudyPanel</name>
    <message>
        <source>Bookmark this question (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your notes on this question (Markdown). Saved as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;istory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>☆ Bookmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Study data is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>★ Bookmarked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mock interview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;istory (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reviewed yet. Study › Review (Ctrl+R) brings new questions in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reviewed %n time(s), last %1 · %2 · recall now %3%</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StudyStore</name>
    <message>
        <source>The study data in %1 is locked by another program (%2). Close it and retry, or open the data read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data in %1 cannot be used (%3, while %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data in %1 is damaged or is not a study database (%3, while %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no study data in %1 to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the study data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data in %1 cannot be written (no permission).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another MLLab (process %1 on %2) is using the study data in %3. Close it and retry, or open the data read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot lock the study data in %1 (no permission).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checking it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data in %1 failed its integrity check (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data in %1 has no schema version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an MLLab study database (it has tables %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The study data in %1 was written by a newer MLLab (schema %2; this one knows up to %3). Open it read-only, or update MLLab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switching to WAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>setting it up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upgrading its schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot move %1 aside to %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurfaceCanvas</name>
    <message>
        <source>Optimizer trajectories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to start every optimizer from that point</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenChips</name>
    <message numerus="yes">
        <source>… and %n more token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>token %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (id %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenizerView</name>
    <message>
        <source>Step:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pair merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens in the traced text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merges learned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a text under “Text for the model”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same text in different units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BPE step by step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model&apos;s tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BPE merges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BPE: %1
Model&apos;s tokenizer: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Step 0 of %1:&lt;/b&gt; before any merge every byte is a token: %2 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Step %1 of %2:&lt;/b&gt; “%3” + “%4” → &lt;b&gt;“%5”&lt;/b&gt; (token %6, pair seen %7×). The text is now %8 tokens for %9 bytes; outlined chips are the new token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 tokens&lt;/b&gt; for %2 bytes (%3 characters, %4 words): &lt;b&gt;%5 bytes per token&lt;/b&gt;, %6 tokens per word. Vocabulary: %7 tokens (256 bytes + %8 merges).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BPE tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training stopped after %1 merges: every word is one token, so later merges would only memorise this text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer needs %1 bytes per token here; frequent words are one token, rare ones split into pieces, and anything else falls back to bytes, so no word is ever unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BPE merges and tokenizing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The most frequent pair merges first (“%1” + “%2”, seen %3×); after %4 merges the traced text is %5 tokens instead of %6 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>traced tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes per token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
